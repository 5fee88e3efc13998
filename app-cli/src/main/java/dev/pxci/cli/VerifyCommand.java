package dev.pxci.cli;

import dev.pxci.domain.stage.EngineOptions;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pxci verify}: evidence that the deployment holds. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Collect evidence that every container matches its declaration; fails with what it saw.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    private final Session session;

    @Inject
    VerifyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return session.run(options, EngineOptions.DEFAULTS.withParallelism(options.parallelism),
                (engine, deployment) -> engine.verify(deployment, options.stages), false, false);
    }
}
