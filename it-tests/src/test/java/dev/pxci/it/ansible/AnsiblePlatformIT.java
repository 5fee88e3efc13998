package dev.pxci.it.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.adapter.ansible.AnsiblePlatformFactory;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Origin;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.ports.spi.AdapterContext;
import dev.pxci.sandbox.pve.PveSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ansible platform adapter (the base playbook with Debian's community.general.proxmox, reads
 * through ansible.builtin.uri) through a container's life on the Proxmox VE simulator, over
 * verified TLS with the API token.
 */
class AnsiblePlatformIT {
    private static final DestroyOptions KEEP_SHARES =
            DestroyOptions.keepingVolumes(Duration.ofSeconds(60), "debian-12-standard_12.7-1_amd64.tar.zst");
    @TempDir
    Path dir;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Test
    void createsObservesStartsStopsAndDestroysAContainer() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir),
                        AdapterContext.DEFAULT.withProgress((c, l) -> lines.add(l)))) {
            ContainerSpec spec = Sandbox.spec(301, "ansible-ct");

            TaskOutcome created = platform.create(spec);
            assertThat(created.container()).isEqualTo(new ContainerRef(301, "pve"));
            ObservedContainer fresh = platform.find(301).orElseThrow();
            assertThat(fresh.config()).isEqualTo(spec.config());
            assertThat(fresh.power()).isEqualTo(PowerState.STOPPED);
            assertThat(fresh.lock()).isEmpty();
            assertThat(fresh.revision()).isNotBlank();
            assertThat(fresh.origin()).as("the base playbook marks what it creates").isEqualTo(Origin.PXCI);

            assertThatThrownBy(() -> platform.create(spec))
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.CONFLICT));

            platform.start(spec.ref());
            platform.start(spec.ref()); // already running: left alone
            assertThat(platform.find(301).orElseThrow().power()).isEqualTo(PowerState.RUNNING);

            assertThatThrownBy(() -> platform.destroy(spec.ref(), KEEP_SHARES))
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("mp0");
            platform.destroy(spec.ref(), DestroyOptions.purging(Duration.ofSeconds(60)));
            assertThat(platform.observe(Set.of(301))).isEmpty();
            assertThat(platform.destroy(spec.ref(), DestroyOptions.purging(Duration.ofSeconds(60))).taskId()).isEmpty();

            assertThat(String.join("\n", lines)).doesNotContain(sim.tokenSecret()).contains("TASK [base : Create the container]");
            assertThat(sim.requestCounts()).doesNotContainKey("PUT");
        }
    }

    @Test
    void aTemplateFromTheNodesApplianceIndexIsDownloadedByTheProxmoxTemplateModule() throws Exception {
        String alpine = "alpine-3.22-default_20250617_amd64.tar.xz";
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir),
                        AdapterContext.DEFAULT.withProgress((c, l) -> lines.add(l)))) {
            assertThat(platform.downloadableTemplates("pve")).contains(alpine, "debian-12-standard_12.7-1_amd64.tar.zst");
            assertThat(platform.templates("pve")).doesNotContain("local:vztmpl/" + alpine);

            platform.downloadTemplate("pve", "local", alpine);

            assertThat(platform.templates("pve")).contains("local:vztmpl/" + alpine);
            assertThat(String.join("\n", lines)).contains("TASK [base : Download the template from the node's appliance index]")
                    .doesNotContain("TASK [base : Create the container]").doesNotContain(sim.tokenSecret());
        }
    }

    @Test
    void destroyStopsARunningContainerFirstAndAnyIdIsAllocated() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir))) {
            ContainerSpec spec = Sandbox.spec(ContainerSpec.ANY_ID, "any-id").withNode(ContainerSpec.AUTO_NODE);
            spec = spec.withConfig(new dev.pxci.ports.platform.ContainerConfig(spec.config().hostname(), 1, 512, 512,
                    spec.config().rootDisk(), List.of(), spec.config().networks(), spec.config().features(), true, List.of(),
                    false, java.util.Optional.empty()));

            TaskOutcome created = platform.create(spec);
            ContainerRef ref = created.container();
            assertThat(ref.vmid()).isGreaterThanOrEqualTo(100);
            assertThat(ref.node()).isEqualTo("pve");
            platform.start(ref);

            platform.destroy(ref, KEEP_SHARES);

            assertThat(platform.observe(Set.of(ref.vmid()))).isEmpty();
        }
    }

    @Test
    void changingAContainerInPlaceIsUnsupportedWithDebiansCollection() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform platform = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir))) {
            ContainerSpec spec = Sandbox.spec(302, "fixed");
            platform.create(spec);
            ObservedContainer observed = platform.find(302).orElseThrow();

            assertThatThrownBy(() -> platform.reconfigure(observed.ref(), spec.config(), observed.revision()))
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("community.general 6.6.2");
        }
    }
}
