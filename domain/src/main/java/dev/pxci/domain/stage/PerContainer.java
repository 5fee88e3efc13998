package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one piece of stage work for every container of a deployment, at most
 * {@link EngineOptions#parallelism()} at a time, and emits the stage events. A failure of one
 * container becomes its {@code FAILED} report; the others go on. Once the run is asked to stop
 * ({@link EngineOptions#stopping()}), work not yet started is reported {@code SKIPPED}.
 */
public final class PerContainer {
    /** Why a container's work was not started: the run was asked to stop. */
    public static final String NOT_STARTED = "not started: pxci was asked to stop; the next run picks up from here";

    private PerContainer() {
    }

    public static List<StageReport> run(String stage, Deployment deployment, StageContext context,
                                        Function<ContainerDeclaration, StageReport> work) {
        List<ContainerDeclaration> containers = deployment.containers();
        if (containers.size() <= 1 || context.options().parallelism() == 1) {
            List<StageReport> reports = new ArrayList<>();
            for (ContainerDeclaration c : containers) {
                reports.add(one(stage, c, context, work));
            }
            return reports;
        }
        int threads = Math.min(context.options().parallelism(), containers.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pxci-" + stage);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<StageReport>> futures = new ArrayList<>();
            for (ContainerDeclaration c : containers) {
                futures.add(pool.submit(() -> one(stage, c, context, work)));
            }
            List<StageReport> reports = new ArrayList<>();
            for (Future<StageReport> f : futures) {
                reports.add(f.get());
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(dev.pxci.ports.ErrorCode.FAILED, "interrupted while running " + stage);
        } catch (ExecutionException e) {
            throw new IllegalStateException("stage work escaped its error handling", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static StageReport one(String stage, ContainerDeclaration c, StageContext context,
                                   Function<ContainerDeclaration, StageReport> work) {
        long start = System.nanoTime();
        if (context.options().stopping()) {
            StageReport skipped = new StageReport(stage, c.label(), StageOutcome.SKIPPED, NOT_STARTED, List.of(), List.of(),
                    since(start));
            context.listener().onEvent(new RunEvent.StageFinished(skipped));
            return skipped;
        }
        context.listener().onEvent(new RunEvent.StageStarted(stage, c.label()));
        StageReport report;
        try {
            report = work.apply(c);
        } catch (PxciException e) {
            report = failed(stage, c, e, since(start));
        }
        context.listener().onEvent(new RunEvent.StageFinished(report));
        return report;
    }

    /**
     * Observes every container of the deployment in one round.
     *
     * @throws DeploymentRejected when a declared id holds someone else's container ({@link ForeignContainers})
     */
    public static java.util.Map<Integer, dev.pxci.ports.platform.ObservedContainer> observeAll(Deployment deployment,
                                                                                           StageContext context) {
        var observed = context.platform().observe(deployment.containers().stream().map(c -> c.spec().vmid())
                .collect(java.util.stream.Collectors.toSet()));
        ForeignContainers.refuse(deployment, observed);
        return observed;
    }

    /** The time passed since {@code startNanos} ({@link System#nanoTime()}). */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A {@code FAILED} report carrying the error's message and hint. */
    public static StageReport failed(String stage, ContainerDeclaration c, PxciException e, Duration elapsed) {
        String message = e.getMessage() + e.hint().map(h -> " (" + h + ")").orElse("");
        return new StageReport(stage, c.label(), StageOutcome.FAILED, message, List.of(), List.of(), elapsed);
    }
}
