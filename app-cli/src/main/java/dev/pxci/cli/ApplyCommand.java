package dev.pxci.cli;

import dev.pxci.domain.stage.EngineOptions;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pxci apply}: make the deployment so. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Run the stages so that every container matches its declaration; a second run changes nothing.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    private final Session session;

    @Inject
    ApplyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return session.run(options, EngineOptions.DEFAULTS.withParallelism(options.parallelism),
                (engine, deployment) -> engine.apply(deployment, options.stages), false, true);
    }
}
