package dev.pxci.proxmox.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.PowerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterReadsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aRealProxmoxRunsContainerProcessesAndTheSandboxSaysWhenItsDoNot() throws Exception {
        PlatformInfo real = PveVersion.info(json("{\"release\":\"9.1\",\"version\":\"9.1.2\"}"), List.of("w"));
        assertThat(real.version()).isEqualTo("9.1");
        assertThat(real.runsContainerProcesses()).isTrue();
        assertThat(real.warnings()).containsExactly("w");
        assertThat(PveVersion.info(json("{\"version\":\"8.4.1\",\"container-processes\":0}"), List.of()))
                .satisfies(sandbox -> {
                    assertThat(sandbox.version()).isEqualTo("8.4.1");
                    assertThat(sandbox.runsContainerProcesses()).isFalse();
                });
    }

    @Test
    void nodesAreReadByNameWithTheirFreeMemory() throws Exception {
        assertThat(PveNodes.of(json("""
                [{"node":"pve2","status":"offline"},{"node":"pve1","status":"online","maxmem":"8000","mem":3000,"maxcpu":4},
                 {"status":"online"}]"""))).containsExactly(new NodeInfo("pve1", true, 5000, 4), new NodeInfo("pve2", false, 0, 0));
    }

    @Test
    void aPlatformLeftToPlaceASpecPicksTheOnlineNodeWithTheMostFreeMemoryTiesByName() {
        NodeInfo a = new NodeInfo("pve-a", true, 8, 4);
        NodeInfo b = new NodeInfo("pve-b", true, 8, 4);
        NodeInfo offline = new NodeInfo("pve-c", false, 64, 4);
        assertThat(PveNodes.roomiest(List.of(b, offline, a))).contains(a);
        assertThat(PveNodes.roomiest(List.of(offline))).isEmpty();
    }

    @Test
    void aListedGuestsPowerIsRunningStoppedOrUnknown() throws Exception {
        assertThat(ClusterResource.from(json("{\"id\":\"lxc/101\",\"node\":\"pve\",\"status\":\"running\"}")))
                .get().satisfies(r -> {
                    assertThat(r.vmid()).isEqualTo(101);
                    assertThat(r.isContainer()).isTrue();
                    assertThat(r.power()).isEqualTo(PowerState.RUNNING);
                });
        assertThat(ClusterResource.from(json("{\"vmid\":7,\"type\":\"lxc\",\"node\":\"pve\",\"status\":\"paused\"}")))
                .get().extracting(ClusterResource::power).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void theApplianceIndexOffersItsContainerTemplates() throws Exception {
        assertThat(TemplateVolumes.downloadable(json("""
                [{"type":"lxc","template":"debian-12.tar.zst"},{"type":"qemu","template":"vm.img"},
                 {"type":"openvz","template":"alpine.tar.xz"}]"""))).containsExactly("alpine.tar.xz", "debian-12.tar.zst");
    }
}
