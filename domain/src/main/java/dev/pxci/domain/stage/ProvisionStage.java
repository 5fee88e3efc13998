package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.plan.ContainerPlan;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Backup;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.InPlace;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Guarantees that each container exists on its node with the declared settings and runs.
 * Observes the whole deployment in one round, then per container: create, change in place,
 * replace (only when the declaration allows it), start, or nothing. A container already in the
 * desired state costs only the reads of that one round. A container that is locked (an operation,
 * or the create of an interrupted run, is still at work on it) is waited for before it is
 * compared, since its config is not yet what it will be. A node or template the cluster does not
 * have is refused ({@link DeploymentRejected}) before anything changes, unless the template is in
 * the node's appliance index and the declaration allows downloading it: then it is downloaded
 * (once per node) before any container is created.
 */
public final class ProvisionStage implements Stage {
    public static final String NAME = "provision";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StageReport> run(Deployment deployment, Mode mode, StageContext context) {
        Map<Integer, ObservedContainer> observed = PerContainer.observeAll(deployment, context);
        List<PlatformFit.TemplateDownload> downloads = mode == Mode.VERIFY ? List.of()
                : PlatformFit.check(deployment, observed, context.platform());
        Map<PlatformFit.TemplateDownload, List<String>> warnings = new HashMap<>();
        if (mode == Mode.APPLY) {
            PlatformFit.refuseCreates(deployment, observed, context.platform());
            for (PlatformFit.TemplateDownload d : downloads) {
                String target = "node " + d.node();
                List<String> w = Tasks.run(context.listener(), NAME, target, "download template " + d.file() + " to "
                        + d.storage(), () -> context.platform().downloadTemplate(d.node(), d.storage(), d.file()));
                w.forEach(text -> context.listener().onEvent(new RunEvent.Warning(target + ": " + text)));
                warnings.put(d, w);
            }
        }
        Placement placement = new Placement(context.platform());
        InPlace inPlace = observed.isEmpty() ? InPlace.ALL : context.platform().inPlace();
        return PerContainer.run(NAME, deployment, context, c -> {
            long start = System.nanoTime();
            Optional<ObservedContainer> seen = Optional.ofNullable(observed.get(c.spec().vmid()));
            Optional<ObservedContainer> current = mode == Mode.APPLY ? LockWait.unlocked(c, seen, context) : seen;
            if (current != seen) { // seen again once a lock cleared
                ForeignContainers.refuse(c, current);
            }
            ContainerPlan plan = ContainerPlan.of(c, current, inPlace);
            StageReport report = switch (mode) {
                case PLAN -> planReport(plan, toCreate(plan, placement, context), context, PerContainer.since(start));
                case VERIFY -> verifyReport(plan, PerContainer.since(start));
                case APPLY -> apply(plan, placement, context, start);
            };
            List<PlatformFit.TemplateDownload> served = downloads.stream().filter(d -> d.serves(c)).toList();
            return served.isEmpty() || report.outcome() != StageOutcome.CHANGED ? report
                    : withDownloads(report, served, warnings);
        });
    }

    /** The report with the template downloads its container is created from first among its changes. */
    private static StageReport withDownloads(StageReport report, List<PlatformFit.TemplateDownload> served,
            Map<PlatformFit.TemplateDownload, List<String>> warnings) {
        List<String> changes = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (PlatformFit.TemplateDownload d : served) {
            changes.add("download template " + d.file() + " to " + d.storage() + " on " + d.node());
            warnings.getOrDefault(d, List.of()).forEach(w -> evidence.add("warning: " + w));
        }
        changes.addAll(report.changes());
        evidence.addAll(report.evidence());
        return new StageReport(report.stage(), report.target(), report.outcome(), report.summary(), changes, evidence,
                report.elapsed());
    }

    /** The container that {@code plan} creates, its node decided; empty when it creates none. */
    private static Optional<ContainerSpec> toCreate(ContainerPlan plan, Placement placement, StageContext context) {
        return switch (plan.action()) {
            case CREATE -> Optional.of(placement.place(specToCreate(plan.declaration(), context)));
            case REPLACE -> Optional.of(replacementSpec(plan.declaration(), plan.observed().orElseThrow(), context));
            default -> Optional.empty();
        };
    }

    private static StageReport planReport(ContainerPlan plan, Optional<ContainerSpec> created, StageContext context,
            Duration elapsed) {
        ContainerDeclaration c = plan.declaration();
        if (plan.action() == ContainerPlan.Action.NONE) {
            return report(c, StageOutcome.UNCHANGED, "in the desired state", List.of(), evidence(plan), elapsed);
        }
        List<String> refusals = created.map(spec -> context.platform().createRefusals(spec)).orElse(List.of());
        String refused = refusals.isEmpty() ? "" : "; the create would be refused: " + String.join("; ", refusals);
        String placed = ContainerSpec.AUTO_NODE.equals(c.spec().node())
                ? created.map(spec -> " on node " + spec.node() + " (NODE=auto)").orElse("") : "";
        String summary = switch (plan.action()) {
            case CREATE -> "would create and start" + placed + refused;
            case REPLACE -> plan.blocked() ? "needs replacement, which TERMINATE=no does not allow" + refused
                    : refusals.isEmpty() ? "would replace: back up CT " + c.spec().vmid() + ", destroy it and create it anew"
                            + " (restored from the backup should the create fail)"
                    : "would replace, but nothing would be destroyed, since the create would be refused: "
                            + String.join("; ", refusals);
            case UPDATE -> "would change in place";
            case START -> "would start";
            case NONE -> throw new IllegalStateException();
        };
        return report(c, StageOutcome.CHANGED, summary, plan.describeChanges(), evidence(plan), elapsed);
    }

    private static StageReport verifyReport(ContainerPlan plan, Duration elapsed) {
        ContainerDeclaration c = plan.declaration();
        if (plan.action() == ContainerPlan.Action.NONE) {
            return report(c, StageOutcome.UNCHANGED, "exists, runs and matches the declaration", List.of(),
                    evidence(plan), elapsed);
        }
        String summary = plan.action() == ContainerPlan.Action.CREATE
                ? "CT " + c.spec().vmid() + " does not exist"
                : "differs from the declaration: " + String.join("; ", plan.describeChanges());
        return report(c, StageOutcome.FAILED, summary, List.of(), evidence(plan), elapsed);
    }

    private static StageReport apply(ContainerPlan plan, Placement placement, StageContext context, long start) {
        try {
            return applyOnce(plan, placement, context, start);
        } catch (PxciException e) {
            if (e.code() != ErrorCode.CONFLICT || plan.action() != ContainerPlan.Action.UPDATE) {
                throw e;
            }
            // someone changed the container since it was observed: observe it again, plan again, apply once more
            ContainerDeclaration c = plan.declaration();
            context.listener().onEvent(new RunEvent.Warning(c.label() + ": " + e.getMessage()
                    + "; observed again and re-planned"));
            ContainerPlan again = ContainerPlan.of(c, LockWait.unlocked(c, context.platform().find(c.spec().vmid()), context),
                    context.platform().inPlace());
            return applyOnce(again, placement, context, start);
        }
    }

    private static StageReport applyOnce(ContainerPlan plan, Placement placement, StageContext context, long start) {
        ContainerDeclaration c = plan.declaration();
        Work work = new Work(context, c, placement);
        switch (plan.action()) {
            case NONE -> {
                return report(c, StageOutcome.UNCHANGED, "in the desired state", List.of(), evidence(plan), PerContainer.since(start));
            }
            case CREATE -> work.create();
            case START -> work.start(plan.observed().orElseThrow().ref());
            case UPDATE -> work.update(plan.observed().orElseThrow());
            case REPLACE -> {
                if (plan.blocked()) {
                    throw new PxciException(ErrorCode.INVALID_INPUT, "CT " + c.spec().vmid() + " needs replacement: "
                            + String.join("; ", plan.describeChanges()),
                            "set TERMINATE=yes in " + c.source() + " to allow destroying and re-creating it"
                                    + " (share volumes are kept)");
                }
                work.replace(plan.observed().orElseThrow());
            }
        }
        return report(c, StageOutcome.CHANGED, summary(plan), plan.describeChanges(), work.evidence, PerContainer.since(start));
    }

    private static String summary(ContainerPlan plan) {
        return switch (plan.action()) {
            case CREATE -> "created and started";
            case REPLACE -> "replaced";
            case UPDATE -> "changed in place";
            case START -> "started";
            case NONE -> "in the desired state";
        };
    }

    /** The platform calls for one container, each as a task with events. */
    private static final class Work {
        private final StageContext context;
        private final ContainerDeclaration c;
        private final List<String> evidence = new ArrayList<>();
        private final Placement placement;

        Work(StageContext context, ContainerDeclaration c, Placement placement) {
            this.context = context;
            this.c = c;
            this.placement = placement;
        }

        void create() {
            ContainerSpec spec = placement.place(specToCreate(c, context));
            TaskOutcome created = task("create CT " + c.spec().vmid(), () -> context.platform().create(spec));
            note(created);
            if (c.spec().running()) {
                start(created.container());
            }
        }

        /**
         * Destroys {@code old} and creates the declared container in its place, but only once the
         * platform sees nothing that would refuse the create, and only after a backup of it: a
         * create that fails all the same brings the old container back from that backup.
         */
        void replace(ObservedContainer old) {
            int vmid = c.spec().vmid();
            ContainerPlatform platform = context.platform();
            ContainerSpec spec = replacementSpec(c, old, context);
            List<String> refused = platform.createRefusals(spec);
            if (!refused.isEmpty()) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "CT " + vmid + " needs replacement, but "
                        + platform.info().product() + " would refuse the new container: " + String.join("; ", refused)
                        + "; CT " + vmid + " was left as it is", "change those settings in " + c.source() + ", then apply again");
            }
            Optional<Backup> backup = backUp(old.ref());
            task("destroy CT " + vmid + " for replacement", () -> platform.destroy(old.ref(),
                    DestroyOptions.keepingVolumes(context.options().shutdownTimeout(), c.spec().template())));
            TaskOutcome created;
            try {
                created = task("create CT " + vmid, () -> platform.create(spec));
            } catch (PxciException failed) {
                if (backup.isEmpty()) {
                    throw failed;
                }
                throw restored(old, backup.get(), failed);
            }
            note(created);
            if (c.spec().running()) {
                start(created.container());
            }
        }

        private Optional<Backup> backUp(ContainerRef ref) {
            try {
                Backup backup = Tasks.run(context.listener(), NAME, c.label(), "back up CT " + ref.vmid()
                        + " before replacing it", () -> context.platform().backup(ref));
                note(backup.outcome());
                evidence.add("backup " + backup.id());
                return Optional.of(backup);
            } catch (PxciException e) {
                if (e.code() != ErrorCode.UNSUPPORTED) {
                    throw e;
                }
                String warning = "CT " + ref.vmid() + " is replaced without a backup: " + e.getMessage();
                evidence.add("warning: " + warning);
                context.listener().onEvent(new RunEvent.Warning(c.label() + ": " + warning));
                return Optional.empty();
            }
        }

        /** Brings the old container back after its replacement failed; the failure to report. */
        private PxciException restored(ObservedContainer old, Backup backup, PxciException failed) {
            int vmid = old.ref().vmid();
            try {
                TaskOutcome restored = task("restore CT " + vmid + " from backup " + backup.id(),
                        () -> context.platform().restore(backup));
                note(restored);
                if (old.power() == PowerState.RUNNING) {
                    start(restored.container());
                }
            } catch (PxciException restoreFailed) {
                failed.addSuppressed(restoreFailed);
                return new PxciException(ErrorCode.FAILED, "the replacement of CT " + vmid + " failed (" + failed.getMessage()
                        + "), and so did its restore from backup " + backup.id() + " (" + restoreFailed.getMessage() + ")",
                        "restore it by hand on node " + old.ref().node() + ": pct restore " + vmid + " " + backup.id(), failed);
            }
            return new PxciException(failed.code(), "the replacement of CT " + vmid + " failed, so CT " + vmid
                    + " was restored from its backup " + backup.id() + " as it was: " + failed.getMessage(),
                    failed.hint().orElse(null), failed);
        }

        void start(ContainerRef ref) {
            note(task("start CT " + ref.vmid(), () -> context.platform().start(ref)));
        }

        void update(ObservedContainer observed) {
            ContainerRef ref = observed.ref();
            note(task("reconfigure CT " + ref.vmid(),
                    () -> context.platform().reconfigure(ref, c.spec().config(), observed.revision())));
            if (observed.power() == PowerState.RUNNING) {
                boolean pending = context.platform().find(ref.vmid()).map(ObservedContainer::restartPending).orElse(false);
                if (pending) {
                    note(task("reboot CT " + ref.vmid() + " to apply pending changes", () -> context.platform().reboot(ref)));
                }
            } else if (c.spec().running()) {
                start(ref);
            }
        }

        private TaskOutcome task(String name, java.util.function.Supplier<TaskOutcome> call) {
            return Tasks.run(context.listener(), NAME, c.label(), name, call);
        }

        private void note(TaskOutcome outcome) {
            Tasks.note(context.listener(), c.label(), outcome, evidence);
        }
    }

    /** The declared spec as provision creates it: with the CI key authorised when there is one. */
    private static ContainerSpec specToCreate(ContainerDeclaration c, StageContext context) {
        ContainerSpec spec = c.spec();
        return context.settings().ciPublicKey()
                .map(key -> new ContainerSpec(spec.vmid(), spec.node(), spec.template(), spec.config(), List.of(key),
                        spec.running()))
                .orElse(spec);
    }

    /** A replacement stays where the container is when its declaration leaves the node to {@code auto}. */
    private static ContainerSpec replacementSpec(ContainerDeclaration c, ObservedContainer old, StageContext context) {
        ContainerSpec spec = specToCreate(c, context);
        return ContainerSpec.AUTO_NODE.equals(spec.node()) ? spec.withNode(old.ref().node()) : spec;
    }

    private static List<String> evidence(ContainerPlan plan) {
        return plan.observed()
                .map(o -> java.util.stream.Stream.concat(java.util.stream.Stream.of("CT " + o.ref().vmid() + " on "
                        + o.ref().node() + " is " + o.power().name().toLowerCase(java.util.Locale.ROOT)
                        + o.lock().map(l -> ", locked (" + l + ")").orElse("")
                        + ", config revision " + o.revision()), ForeignContainers.adopted(o).stream()).toList())
                .orElse(List.of("CT " + plan.declaration().spec().vmid() + " does not exist"));
    }

    private static StageReport report(ContainerDeclaration c, StageOutcome outcome, String summary, List<String> changes,
                                      List<String> evidence, Duration elapsed) {
        return new StageReport(NAME, c.label(), outcome, summary, changes, evidence, elapsed);
    }
}
