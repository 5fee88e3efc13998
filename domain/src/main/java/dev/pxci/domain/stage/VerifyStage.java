package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Share;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeInfo;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Evidence, not assumptions: the service user can log in over SSH, Gitea answers its version
 * endpoint, the runner service is active, every share is served, and converging again updates
 * nothing (the idempotence check; on {@code apply} a real second converge, on {@code verify} a dry
 * run). Fails with everything it saw.
 */
public final class VerifyStage extends InContainer {
    public static final String NAME = "verify";
    /** The attribute naming the runner's service unit, and its default. */
    static final String RUNNER_SERVICE_ATTRIBUTE = "runner.service";
    static final String RUNNER_SERVICE_DEFAULT = "act_runner";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    StageReport runOne(ContainerDeclaration c, Mode mode, StageContext context) {
        long start = System.nanoTime();
        if (mode == Mode.PLAN) {
            return new StageReport(NAME, c.label(), StageOutcome.UNCHANGED, "collects evidence on apply and verify",
                    List.of(), List.of(), PerContainer.since(start));
        }
        List<String> evidence = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        PipelineSettings settings = context.settings();
        check(failures, "SSH as " + settings.serviceUser(), () -> {
            try (Shell shell = context.sessions().asServiceUser(c)) {
                String who = shell.execute(Command.of("id", "-un")).stdout().strip();
                if (!who.equals(settings.serviceUser())) {
                    throw new IllegalStateException("logged in, but 'id -un' says " + who);
                }
                evidence.add("SSH as " + settings.serviceUser() + " works");
            }
        });
        context.forges().ifPresent(forges -> check(failures, "Gitea", () -> {
            try (Forge forge = forges.forContainer(c)) {
                ForgeInfo info = forge.info();
                evidence.add(info.product() + " " + info.version() + " answers /api/v1/version");
            }
        }));
        Login login = context.sessions().into(c);
        String runner = settings.attributes().getOrDefault(RUNNER_SERVICE_ATTRIBUTE, RUNNER_SERVICE_DEFAULT);
        check(failures, "runner", () -> {
            CommandResult r = login.shell().execute(login.privileged(Command.of("systemctl", "is-active", runner)));
            if (!r.succeeded()) {
                throw new IllegalStateException("service " + runner + " is " + r.stdout().strip());
            }
            evidence.add("runner service " + runner + " is active");
        });
        if (!c.shares().isEmpty()) {
            check(failures, "shares", () -> {
                String served = login.shell().execute(login.privileged(Command.of("testparm", "-s"))).stdout();
                for (Share s : c.shares()) {
                    if (!served.contains("[" + s.name() + "]")) {
                        throw new IllegalStateException("share " + s.name() + " is not in the Samba configuration");
                    }
                    evidence.add("share " + s.name() + " is served from " + s.path());
                }
            });
        }
        if (context.configurator().isPresent() && settings.bundles().isPresent()) {
            ConvergeMode again = mode == Mode.APPLY ? ConvergeMode.APPLY : ConvergeMode.DRY_RUN;
            for (ConvergeStage stage : List.of(ConvergeStage.configure(), ConvergeStage.share())) {
                check(failures, "idempotence of " + stage.name(), () -> {
                    ConvergeReport r = stage.converge(c, context, again);
                    if (r.changed()) {
                        throw new IllegalStateException("a second converge updated " + r.updated() + " resources: "
                                + String.join(", ", r.updatedResources()));
                    }
                    evidence.add("a second " + stage.name() + " converge updated 0 of " + r.total() + " resources");
                });
            }
        }
        StageOutcome outcome = failures.isEmpty() ? StageOutcome.UNCHANGED : StageOutcome.FAILED;
        String summary = failures.isEmpty() ? "all evidence collected" : String.join("; ", failures);
        return new StageReport(NAME, c.label(), outcome, summary, List.of(), evidence, PerContainer.since(start));
    }

    private static void check(List<String> failures, String what, Runnable probe) {
        try {
            probe.run();
        } catch (PxciException | IllegalStateException e) {
            failures.add(what + ": " + e.getMessage());
        }
    }
}
