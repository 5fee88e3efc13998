package dev.pxci.cli;

import dev.pxci.domain.stage.EngineOptions;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pxci plan}: what apply would change; reads only. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what apply would change; changes nothing.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--detailed-exitcode", description = "Exit 3 when the plan has changes, 0 when it has none.")
    boolean detailedExitCode;

    private final Session session;

    @Inject
    PlanCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return session.run(options, EngineOptions.DEFAULTS.withParallelism(options.parallelism),
                (engine, deployment) -> engine.plan(deployment, options.stages), detailedExitCode, false);
    }
}
