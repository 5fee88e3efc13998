package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.fakes.FakeConfigurator;
import dev.pxci.domain.fakes.FakeContainerShell;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.fakes.RecordingForge;
import dev.pxci.domain.stage.ForgeProvider;
import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.domain.stage.RecursionGuard;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InContainerStagesTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci";
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final FakeContainerShell container = new FakeContainerShell();
    private final FakeConfigurator cinc = new FakeConfigurator(container);
    private final RecordingForge forge = new RecordingForge();
    private final PipelineSettings settings = PipelineSettings.DEFAULTS.withCiPublicKey(KEY)
            .withTool(new ToolRequirement("18.7.10", Optional.empty(), Optional.empty(), Optional.empty()))
            .withBundles(Path.of("infra"))
            .withProject(Path.of("/work/project"))
            .withBase(Path.of("infra/base"))
            .withForge(Map.of("PROXMOX_HOST", "pve.lan"), Map.of("PROXMOX_SECRET", Secret.of("s3cret")));
    private final Deployment deployment = deployment(env(254, "git", "MOUNT=share:4,media:2"));

    { platform.runsProcesses = true; }

    private Engine engine(PipelineSettings s) {
        return Pxci.builder().platform(platform).shells(container).configurator(cinc).forges(c -> forge).settings(s).build();
    }

    private static StageReport stage(RunReport report, String name) {
        return report.stages().stream().filter(r -> r.stage().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theWholePipelineConvergesVerifiesAndReplicatesThenChangesNothing() {
        RunReport first = engine(settings).apply(deployment, List.of());

        assertThat(first.succeeded()).as(first.failure().orElse("")).isTrue();
        assertThat(first.stages()).extracting(StageReport::stage)
                .containsExactly("provision", "bootstrap", "configure", "share", "verify", "replicate");
        assertThat(stage(first, "configure").outcome()).isEqualTo(StageOutcome.CHANGED);
        assertThat(stage(first, "verify").evidence()).contains(
                "SSH as config works", "Gitea 1.26.1 answers /api/v1/version", "service gitea is active", "service act_runner is active",
                "share share is served from /share", "share media is served from /share/media",
                "a second configure converge updated 0 of 10 resources");
        // bootstrap came in as root and logged in again as the service user once root was refused
        assertThat(stage(first, "bootstrap").evidence()).contains("logged in as root", "logged in again as config");
        assertThat(cinc.converges).containsExactly("APPLY recipe[config] as config", "APPLY recipe[share] as config",
                "APPLY recipe[config] as config", "APPLY recipe[share] as config");
        assertThat(forge.pushes).containsExactly("srv/base@main [skip ci] pxci: base",
                "srv/pxci@main [skip ci] pxci: replicate project", "srv/pxci@release pxci: release");
        assertThat(stage(first, "replicate").evidence()).anyMatch(e -> e.startsWith("recursion guard: may trigger: the run there would be at depth 1"));

        RunReport second = engine(settings).apply(deployment, List.of());

        assertThat(second.succeeded()).isTrue();
        assertThat(second.changedAnything()).as(second.stages().toString()).isFalse();
        assertThat(forge.pushes).hasSize(6);
        assertThat(stage(second, "replicate").changes()).isEmpty();
        assertThat(cinc.converges).as("a no-op run converges each bundle once: verify takes those as its evidence")
                .hasSize(6);
        assertThat(stage(second, "verify").evidence()).contains(
                "the configure converge of this run updated 0 of 10 resources",
                "the share converge of this run updated 0 of 10 resources");
    }

    @Test
    void aRunIsNotFollowedWhenFollowingIsTurnedOff() {
        RunReport report = engine(settings.withRunDeadline(java.time.Duration.ZERO)).apply(deployment, List.of());

        assertThat(report.succeeded()).as(report.failure().orElse("")).isTrue();
        assertThat(stage(report, "replicate").evidence())
                .contains("run queued http://forge/runs/1; not followed: following runs is turned off");
    }

    @Test
    void replicationAtTheDepthLimitOrIntoItselfDoesNotTrigger() {
        PipelineSettings atLimit = settings.withGuard(new RecursionGuard(1, 1, Optional.empty()));
        RunReport limited = engine(atLimit).apply(deployment, List.of("provision", "replicate"));

        assertThat(forge.pushes).noneMatch(p -> p.contains("@release"));
        assertThat(stage(limited, "replicate").evidence()).contains("recursion guard: not triggered: depth 1 reached the limit 1");

        int pushesBefore = forge.pushes.size();
        PipelineSettings inside = settings.withGuard(new RecursionGuard(1, 1, Optional.of("pve/254")));
        RunReport self = engine(inside).apply(deployment, List.of("replicate"));

        assertThat(forge.pushes).as("nothing is pushed into the forge that runs this pipeline").hasSize(pushesBefore);
        StageReport intoItself = stage(self, "replicate");
        assertThat(intoItself.outcome()).isEqualTo(StageOutcome.SKIPPED);
        assertThat(intoItself.summary()).isEqualTo("skipped: depth 1 reached the limit 1; the target pve/254 is the"
                + " container this run executes in, whose forge runs this pipeline");
    }

    @Test
    void onAPlatformWhoseContainersRunNothingTheInContainerStagesAreSkippedWithTheReason() {
        platform.runsProcesses = false;

        RunReport report = engine(settings).apply(deployment, List.of());

        assertThat(report.succeeded()).isTrue();
        for (String s : List.of("bootstrap", "configure", "share", "verify")) {
            assertThat(stage(report, s).outcome()).isEqualTo(StageOutcome.SKIPPED);
            assertThat(stage(report, s).summary()).isEqualTo("skipped: the sandbox runs no container processes");
        }
        assertThat(stage(report, "replicate").outcome()).isEqualTo(StageOutcome.CHANGED);
        assertThat(stage(report, "replicate").evidence()).anyMatch(e -> e.contains("not followed: the sandbox's Gitea has no runner"));
        assertThat(container.commands).isEmpty();
    }

    @Test
    void containersSharingOneForgeReplicateOnceAndASecondRunChangesNothingThere() {
        platform.runsProcesses = false;
        Deployment two = deployment(env(201, "one"), env(202, "two"));
        ForgeProvider shared = new ForgeProvider() {
            @Override
            public dev.pxci.ports.forge.Forge forContainer(dev.pxci.domain.config.ContainerDeclaration c) {
                return forge;
            }

            @Override
            public boolean sharedByAllContainers() {
                return true;
            }
        };
        Engine engine = Pxci.builder().platform(platform).forges(shared).settings(settings).build();

        RunReport first = engine.apply(two, List.of("provision", "replicate"));
        RunReport second = engine.apply(two, List.of("provision", "replicate"));

        assertThat(first.succeeded()).isTrue();
        assertThat(first.stages()).filteredOn(r -> r.stage().equals("replicate"))
                .allSatisfy(r -> assertThat(r.evidence()).anyMatch(e -> e.startsWith("PXCI_SELF not set: one forge serves every container of the deployment")));
        assertThat(second.changedAnything()).as("nothing flips between the containers").isFalse();

        RunReport alone = engine.apply(deployment(env(203, "three")), List.of("provision", "replicate"));
        assertThat(stage(alone, "replicate").changes()).as("one container is unambiguous").contains("variable PXCI_SELF created");
    }

    @Test
    void verifyFailsWithWhatItSawWhenTheRunnerIsDown() {
        engine(settings).apply(deployment, List.of());
        container.activeServices.clear();

        RunReport report = engine(settings).verify(deployment, List.of());

        assertThat(report.succeeded()).isFalse();
        assertThat(stage(report, "verify").summary()).contains("service act_runner: inactive");
        assertThat(stage(report, "verify").evidence()).contains("SSH as config works");
    }

    @Test
    void eachBundleGetsTheDeploymentsAttributesAndOnlyItsOwnSecrets() {
        PipelineSettings withAttributes = settings.withAttributes(Map.of("config.gitea.sha256", "abc", "share.workgroup", "LAN"),
                Map.of("config.admin.password", Secret.of("pw1"), "share.users.config.password", Secret.of("pw2")));
        var configure = dev.pxci.domain.stage.ConvergeStage.configure();
        var share = dev.pxci.domain.stage.ConvergeStage.share();
        var c = deployment.containers().get(0);

        assertThat(configure.attributes(c, withAttributes)).containsEntry("config.gitea.domain", "10.0.0.4")
                .containsEntry("config.org", "srv").containsEntry("config.ci_public_key", KEY)
                .containsEntry("config.variables.PROXMOX_HOST", "pve.lan").containsEntry("config.gitea.sha256", "abc")
                .doesNotContainKey("share.workgroup");
        assertThat(configure.secretAttributes(withAttributes)).containsOnlyKeys("config.secrets.PROXMOX_SECRET",
                "config.admin.password");
        assertThat(share.attributes(c, withAttributes)).containsOnly(Map.entry("share.mount", "share:4,media:2"),
                Map.entry("share.workgroup", "LAN"));
        assertThat(share.secretAttributes(withAttributes)).containsOnlyKeys("share.users.config.password");
    }
}
