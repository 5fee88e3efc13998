package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The frame of a stage that works inside containers: skipped, with the reason in the report,
 * when the platform's containers run no processes (the sandbox) or when a port it needs was not
 * given; otherwise run per container.
 */
abstract class InContainer implements Stage {
    /** The reason reported when the target is the sandbox. */
    static final String SANDBOX_REASON = "skipped: the sandbox runs no container processes";

    @Override
    public final List<StageReport> run(Deployment deployment, Mode mode, StageContext context) {
        Optional<String> skip = context.platform().info().runsContainerProcesses()
                ? missingPort(context)
                : Optional.of(SANDBOX_REASON);
        return PerContainer.run(name(), deployment, context, c -> skip
                .map(reason -> new StageReport(name(), c.label(), StageOutcome.SKIPPED, reason, List.of(), List.of(),
                        Duration.ZERO))
                .orElseGet(() -> runOne(c, mode, context)));
    }

    /** The reason to skip when a port this stage needs is missing; every in-container stage needs a shell. */
    Optional<String> missingPort(StageContext context) {
        return context.shells().isPresent() ? Optional.empty() : Optional.of("skipped: no shell transport is configured");
    }

    abstract StageReport runOne(ContainerDeclaration c, Mode mode, StageContext context);

    StageReport report(ContainerDeclaration c, long startNanos, List<String> changes, List<String> evidence,
                       String changedSummary, String unchangedSummary) {
        StageOutcome outcome = changes.isEmpty() ? StageOutcome.UNCHANGED : StageOutcome.CHANGED;
        return new StageReport(name(), c.label(), outcome, changes.isEmpty() ? unchangedSummary : changedSummary,
                changes, evidence, PerContainer.since(startNanos));
    }
}
