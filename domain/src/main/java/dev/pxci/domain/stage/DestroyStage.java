package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes each container gone. Share volumes are kept unless the options say to purge them (where
 * the platform keeps them is reported as a warning); a container that is already gone is unchanged.
 */
public final class DestroyStage implements Stage {
    public static final String NAME = "destroy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StageReport> run(Deployment deployment, Mode mode, StageContext context) {
        Map<Integer, ObservedContainer> observed = PerContainer.observeAll(deployment, context);
        boolean keep = !context.options().purgeShares();
        return PerContainer.run(NAME, deployment, context, c -> {
            long start = System.nanoTime();
            ObservedContainer o = observed.get(c.spec().vmid());
            if (o == null) {
                return keep || mode != Mode.APPLY ? gone(c, start) : purgeKept(c, context, start);
            }
            String what = "destroy CT " + o.ref().vmid() + " on " + o.ref().node()
                    + (c.shares().isEmpty() ? "" : keep ? " (share volumes kept)" : " (share volumes purged)");
            if (mode != Mode.APPLY) {
                return new StageReport(NAME, c.label(), StageOutcome.CHANGED, "would " + what, List.of(what),
                        List.of(), PerContainer.since(start));
            }
            var outcome = Tasks.run(context.listener(), NAME, c.label(), what, () -> {
                try {
                    Duration shutdown = context.options().shutdownTimeout();
                    return context.platform().destroy(o.ref(), keep
                            ? DestroyOptions.keepingVolumes(shutdown, c.spec().template())
                            : DestroyOptions.purging(shutdown));
                } catch (PxciException e) {
                    if (keep && e.code() == ErrorCode.UNSUPPORTED) {
                        throw new PxciException(e.code(), e.getMessage(), e.hint().map(h -> h + "; ").orElse("")
                                + "to delete the share volumes with the container, destroy with --purge-shares", e);
                    }
                    throw e;
                }
            });
            List<String> evidence = new ArrayList<>();
            Tasks.note(context.listener(), c.label(), outcome, evidence);
            return new StageReport(NAME, c.label(), StageOutcome.CHANGED, "destroyed", List.of(what), evidence,
                    PerContainer.since(start));
        });
    }

    private static StageReport gone(ContainerDeclaration c, long start) {
        return new StageReport(NAME, c.label(), StageOutcome.UNCHANGED, "already gone", List.of(),
                List.of("CT " + c.spec().vmid() + " does not exist"), PerContainer.since(start));
    }

    /** The container is gone, but share volumes an earlier destroy kept may still be held: purge them too. */
    private static StageReport purgeKept(ContainerDeclaration c, StageContext context, long start) {
        ContainerRef ref = new ContainerRef(c.spec().vmid(), c.spec().node());
        TaskOutcome outcome = context.platform().destroy(ref, DestroyOptions.purging(context.options().shutdownTimeout()));
        if (outcome.warnings().isEmpty()) {
            return gone(c, start);
        }
        outcome.warnings().forEach(w -> context.listener().onEvent(new RunEvent.Warning(c.label() + ": " + w)));
        return new StageReport(NAME, c.label(), StageOutcome.CHANGED, "kept share volumes purged", outcome.warnings(),
                List.of("CT " + c.spec().vmid() + " does not exist"), PerContainer.since(start));
    }
}
