package dev.pxci.it.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.ansible.AnsiblePlatformFactory;
import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.sandbox.pve.PveSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pxci's engine with the ansible platform on the simulator: apply provisions, a second apply changes nothing, destroy removes. */
class AnsibleApplyIT {
    private static final String DECLARATION = """
            ID=330
            HOSTNAME=applied
            IP=10.30.0.5/24
            GATEWAY=10.30.0.1
            CORES=2
            MEMORY=1024
            SWAP=256
            DISK=local-lvm:8
            BOOT=yes
            FEATURES=nesting
            TAGS=pxci
            """;

    @TempDir
    Path dir;

    @Test
    void secondApplyChangesNothing() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir))) {
            Engine engine = Pxci.builder().platform(platform).build();
            Deployment deployment = DeploymentLoader.single(new SourceText("config.env", DECLARATION));

            RunReport first = engine.apply(deployment, List.of("provision"));
            RunReport second = engine.apply(deployment, List.of("provision"));

            assertThat(first.succeeded()).as(first.failure().orElse("")).isTrue();
            assertThat(first.changedAnything()).isTrue();
            assertThat(platform.find(330).orElseThrow().power()).isEqualTo(PowerState.RUNNING);
            assertThat(second.succeeded()).as(second.failure().orElse("")).isTrue();
            assertThat(second.changedAnything()).isFalse();
            assertThat(second.stages()).extracting(s -> s.outcome()).containsOnly(StageOutcome.UNCHANGED);

            RunReport destroyed = engine.destroy(deployment, false);
            assertThat(destroyed.succeeded()).as(destroyed.failure().orElse("")).isTrue();
            assertThat(platform.observe(Set.of(330))).isEmpty();
        }
    }

    @Test
    void planAndApplyAgreeThatDebiansCollectionCannotChangeMemoryInPlace() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir))) {
            Engine engine = Pxci.builder().platform(platform).build();
            assertThat(engine.apply(DeploymentLoader.single(new SourceText("config.env", DECLARATION)), List.of("provision"))
                    .succeeded()).isTrue();
            Deployment more = DeploymentLoader.single(new SourceText("config.env", DECLARATION.replace("MEMORY=1024",
                    "MEMORY=2048")));

            RunReport plan = engine.plan(more, List.of("provision"));
            RunReport apply = engine.apply(more, List.of("provision"));

            String reason = "the proxmox module of community.general 6.6.2 only creates containers";
            assertThat(plan.stages().get(0).summary()).contains("needs replacement", "TERMINATE=no");
            assertThat(plan.stages().get(0).changes()).containsExactly("memory: 1024 -> 2048 (needs replacement: " + reason
                    + " (its 'update' option arrived in community.general 8.1.0; community.proxmox has it))");
            assertThat(apply.succeeded()).isFalse();
            assertThat(apply.failure().orElseThrow()).contains("needs replacement", reason, "TERMINATE=yes")
                    .doesNotContain("cannot change CT 330 in place");
            assertThat(platform.find(330).orElseThrow().config().memoryMiB()).isEqualTo(1024);
        }
    }
}
