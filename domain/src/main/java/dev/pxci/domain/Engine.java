package dev.pxci.domain;

import dev.pxci.domain.stage.Stage;
import dev.pxci.domain.stage.StageContext;
import dev.pxci.domain.stage.Mode;
import dev.pxci.domain.stage.DeploymentRejected;
import dev.pxci.domain.stage.DestroyStage;
import dev.pxci.domain.stage.PerContainer;
import dev.pxci.domain.stage.ProvisionStage;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The lifecycle engine: runs the selected stages, in their fixed order, over a deployment, stops
 * after the first stage that failed for any container (keeping what was done), emits events and
 * returns the run report. Build one with {@link Pxci#builder()}. Safe to use from one thread at a
 * time; stages parallelise across containers internally.
 */
public final class Engine {
    private final StageContext context;
    private final Map<String, Stage> stages;
    private final Stage destroy = new DestroyStage();

    Engine(StageContext context, List<Stage> stages) {
        this.context = context;
        Map<String, Stage> byName = new LinkedHashMap<>();
        for (Stage s : stages) {
            byName.put(s.name(), s);
        }
        this.stages = byName;
    }

    /** The names of the stages this engine can run, in the order they run. */
    public List<String> stageNames() {
        return List.copyOf(stages.keySet());
    }

    /**
     * Reports what {@link #apply} would change; calls no mutating port method.
     *
     * @throws DeploymentRejected when the deployment names a node or template the platform does not have
     */
    public RunReport plan(Deployment deployment, List<String> selected) {
        return run("plan", deployment, select(selected), Mode.PLAN);
    }

    /**
     * Makes the selected stages hold.
     *
     * @throws DeploymentRejected when the deployment names a node or template the platform does not
     *     have; nothing was changed
     */
    public RunReport apply(Deployment deployment, List<String> selected) {
        return run("apply", deployment, select(selected), Mode.APPLY);
    }

    /** Collects evidence that the selected stages hold; a difference fails. */
    public RunReport verify(Deployment deployment, List<String> selected) {
        return run("verify", deployment, select(selected), Mode.VERIFY);
    }

    /** Destroys every container of the deployment (share volumes kept unless the options purge them). */
    public RunReport destroy(Deployment deployment, boolean dryRun) {
        return run("destroy", deployment, List.of(destroy), dryRun ? Mode.PLAN : Mode.APPLY);
    }

    private List<Stage> select(List<String> selected) {
        if (selected.isEmpty()) {
            return List.copyOf(stages.values());
        }
        requireKnown(stages.keySet(), selected);
        return stages.values().stream().filter(s -> selected.contains(s.name())).toList();
    }

    static void requireKnown(java.util.Collection<String> known, List<String> names) {
        for (String name : names) {
            if (!known.contains(name)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "unknown stage '" + name + "'",
                        "stages: " + String.join(", ", known));
            }
        }
    }

    private RunReport run(String action, Deployment deployment, List<Stage> toRun, Mode mode) {
        StageContext run = context.forRun();
        try {
            return run(action, deployment, toRun, mode, run);
        } finally {
            run.sessions().close();
        }
    }

    private RunReport run(String action, Deployment deployment, List<Stage> toRun, Mode mode, StageContext context) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        RunListener listener = context.listener();
        List<StageReport> reports = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        try {
            context.platform().info().warnings().forEach(w -> listener.onEvent(new RunEvent.Warning(w)));
            if (toRun.stream().noneMatch(s -> s.name().equals(ProvisionStage.NAME) || s == destroy)) {
                // provision and destroy observe anyway, and refuse someone else's containers as they do
                PerContainer.observeAll(deployment, context);
            }
            for (Stage stage : toRun) {
                if (context.options().stopping()) {
                    failure = Optional.of("stopped before " + stage.name() + ": pxci was asked to stop (a signal);"
                            + " what had started was finished, and the next run picks up from here");
                    break;
                }
                List<StageReport> stageReports = stage.run(deployment, mode, context);
                reports.addAll(stageReports);
                failure = stageReports.stream().filter(r -> r.outcome() == StageOutcome.FAILED).findFirst()
                        .map(r -> r.stage() + " failed for " + r.target() + ": " + r.summary())
                        .or(() -> stageReports.stream().filter(r -> r.summary().equals(PerContainer.NOT_STARTED))
                                .findFirst().map(r -> stage.name() + " stopped: pxci was asked to stop (a signal); "
                                        + r.target() + " and others were not started, the next run picks up from here"));
                if (failure.isPresent()) {
                    break;
                }
            }
        } catch (DeploymentRejected e) {
            if (reports.isEmpty()) {
                throw e;
            }
            failure = Optional.of(e.getMessage() + e.hint().map(h -> " (" + h + ")").orElse(""));
        } catch (PxciException e) {
            failure = Optional.of(e.getMessage() + e.hint().map(h -> " (" + h + ")").orElse(""));
        }
        RunReport report = new RunReport(UUID.randomUUID().toString(), action, started,
                Duration.ofNanos(System.nanoTime() - start), reports, failure);
        listener.onEvent(new RunEvent.RunFinished(report));
        return report;
    }
}
