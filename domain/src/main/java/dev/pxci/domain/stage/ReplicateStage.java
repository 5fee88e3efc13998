package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.Change;
import dev.pxci.ports.forge.CommitAuthor;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeScope;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.forge.RepositorySettings;
import dev.pxci.ports.forge.WorkflowRun;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes the project into the container's forge as the seed does (organisation, the {@code base}
 * and project repositories, Actions secrets and variables), then, when the recursion guard allows
 * it, pushes the same tree to {@code release} to start the pipeline there and follows that run.
 * Content commits carry {@code [skip ci]}; pushes of an unchanged tree change nothing, so a second
 * run neither commits nor triggers. The guard's decision is part of the report.
 */
public final class ReplicateStage implements Stage {
    public static final String NAME = "replicate";
    static final String MAIN = "main";
    static final String RELEASE = "release";
    static final CommitAuthor AUTHOR = new CommitAuthor("pxci", "pxci@localhost");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StageReport> run(Deployment deployment, Mode mode, StageContext context) {
        Optional<String> skip = context.forges().isEmpty() ? Optional.of("skipped: no forge is configured")
                : context.settings().project().isEmpty() ? Optional.of("skipped: no project tree is configured")
                : mode == Mode.PLAN ? Optional.of("skipped: pushes are compared with the forge only when applying")
                : Optional.empty();
        boolean simulated = !context.platform().info().runsContainerProcesses();
        boolean selfIsAmbiguous = context.forges().map(ForgeProvider::sharedByAllContainers).orElse(false)
                && deployment.containers().size() > 1;
        return PerContainer.run(NAME, deployment, context, c -> skip
                .or(() -> intoItself(context.settings().guard(), c))
                .map(reason -> new StageReport(NAME, c.label(), StageOutcome.SKIPPED, reason, List.of(), List.of(), Duration.ZERO))
                .orElseGet(() -> replicate(c, mode, context, simulated, selfIsAmbiguous)));
    }

    /**
     * Never into itself: the forge in the container this run executes in holds the pipeline that is
     * running; its repositories, variables and secrets are left as they are.
     */
    private static Optional<String> intoItself(RecursionGuard guard, ContainerDeclaration c) {
        return guard.isSelf(targetId(c)) ? Optional.of("skipped: " + guard.decide(targetId(c)).reason()
                .substring("not triggered: ".length()) + ", whose forge runs this pipeline") : Optional.empty();
    }

    private StageReport replicate(ContainerDeclaration c, Mode mode, StageContext context, boolean simulated,
                                  boolean selfIsAmbiguous) {
        long start = System.nanoTime();
        PipelineSettings settings = context.settings();
        Path project = settings.project().orElseThrow();
        String org = settings.organisation();
        RepositoryRef repo = new RepositoryRef(org, settings.repository());
        List<String> changes = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        try (Forge forge = context.forges().get().forContainer(c)) {
            var info = forge.info();
            info.warnings().forEach(w -> context.listener().onEvent(new RunEvent.Warning(w)));
            evidence.add(info.product() + " " + info.version());
            if (mode == Mode.VERIFY) {
                evidence.add("repository " + repo + " latest release run: "
                        + forge.latestRun(repo, RELEASE).map(ReplicateStage::describe).orElse("none"));
                return new StageReport(NAME, c.label(), StageOutcome.UNCHANGED, "forge answers", List.of(), evidence,
                        PerContainer.since(start));
            }
            note(changes, "organisation " + org, forge.ensureOrganization(org));
            RepositorySettings repoSettings = new RepositorySettings("replicated by pxci", true, MAIN, true);
            Optional<Path> base = settings.base();
            if (base.isPresent()) {
                RepositoryRef baseRepo = new RepositoryRef(org, "base");
                note(changes, "repository " + baseRepo, forge.ensureRepository(baseRepo, repoSettings));
                note(changes, "base pushed to " + MAIN, push(forge, context, c, base.get(), baseRepo, MAIN, "[skip ci] pxci: base").change());
            }
            note(changes, "repository " + repo, forge.ensureRepository(repo, repoSettings));
            ForgeScope scope = ForgeScope.organisation(org);
            Map<String, String> variables = new java.util.LinkedHashMap<>(settings.forgeVariables());
            variables.put("PXCI_DEPTH", String.valueOf(settings.guard().depth() + 1));
            variables.put("PXCI_MAX_DEPTH", String.valueOf(settings.guard().maxDepth()));
            if (selfIsAmbiguous) {
                evidence.add("PXCI_SELF not set: one forge serves every container of the deployment, so no pipeline"
                        + " there runs inside " + targetId(c) + " alone");
            } else {
                variables.put("PXCI_SELF", targetId(c));
            }
            for (Map.Entry<String, String> v : variables.entrySet()) {
                note(changes, "variable " + v.getKey(), forge.putVariable(scope, v.getKey(), v.getValue()));
            }
            for (var s : settings.forgeSecrets().entrySet()) {
                Change put = forge.putSecret(scope, s.getKey(), s.getValue());
                if (put == Change.CREATED) {
                    changes.add("secret " + s.getKey() + " created");
                } else {
                    evidence.add("secret " + s.getKey() + " written (secrets cannot be read back)");
                }
            }
            PushResult main = push(forge, context, c, project, repo, MAIN, "[skip ci] pxci: replicate project");
            note(changes, "project pushed to " + MAIN + " (" + main.commitId() + ")", main.change());
            RecursionGuard.Decision decision = settings.guard().decide(targetId(c));
            evidence.add("recursion guard: " + decision.reason());
            if (decision.trigger()) {
                PushResult release = push(forge, context, c, project, repo, RELEASE, "pxci: release");
                note(changes, "pipeline triggered on " + RELEASE + " (" + release.commitId() + ")", release.change());
                if (release.change().changed()) {
                    evidence.add(follow(forge, repo, context, c, simulated));
                } else {
                    evidence.add(RELEASE + " already holds this tree (" + release.commitId() + "): no new pipeline run");
                }
            }
        }
        StageOutcome outcome = changes.isEmpty() ? StageOutcome.UNCHANGED : StageOutcome.CHANGED;
        return new StageReport(NAME, c.label(), outcome, changes.isEmpty() ? "forge already up to date" : "replicated",
                changes, evidence, PerContainer.since(start));
    }

    private static PushResult push(Forge forge, StageContext context, ContainerDeclaration c, Path tree,
                                   RepositoryRef repo, String branch, String message) {
        return Tasks.run(context.listener(), NAME, c.label(), "push " + tree.getFileName() + " to " + repo + "@" + branch,
                () -> forge.push(new PushRequest(tree, repo, branch, message, AUTHOR, false)));
    }

    private static String follow(Forge forge, RepositoryRef repo, StageContext context, ContainerDeclaration c,
                                 boolean simulated) {
        Optional<WorkflowRun> run = forge.latestRun(repo, RELEASE);
        if (run.isEmpty()) {
            return "no pipeline run appeared for " + RELEASE;
        }
        if (simulated) {
            return "run " + describe(run.get()) + "; not followed: the sandbox's Gitea has no runner";
        }
        if (context.settings().runDeadline().isZero()) {
            return "run " + describe(run.get()) + "; not followed: following runs is turned off";
        }
        WorkflowRun done = Tasks.run(context.listener(), NAME, c.label(), "follow pipeline run " + run.get().url(),
                () -> forge.follow(repo, run.get().id(), context.settings().runDeadline(),
                        r -> context.listener().onEvent(new RunEvent.Output(NAME, c.label(), "run " + describe(r)))));
        if (!done.succeeded()) {
            throw new dev.pxci.ports.PxciException(dev.pxci.ports.ErrorCode.FAILED,
                    "the replicated pipeline run " + describe(done) + " did not succeed", "see " + done.url());
        }
        return "run " + describe(done);
    }

    private static String describe(WorkflowRun r) {
        return r.status() + r.conclusion().map(s -> " (" + s + ")").orElse("") + " " + r.url();
    }

    private static void note(List<String> changes, String what, Change change) {
        if (change.changed()) {
            changes.add(what + " " + change.name().toLowerCase(Locale.ROOT));
        }
    }

    /** How the recursion guard names a target: {@code node/vmid}. */
    static String targetId(ContainerDeclaration c) {
        return c.spec().node() + "/" + c.spec().vmid();
    }
}
