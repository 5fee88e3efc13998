package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PveConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsEveryFieldTheWayProxmoxReturnsIt() throws Exception {
        JsonNode config = JSON.readTree("""
                {"hostname":"ci","cores":4,"memory":"6192","swap":1024,
                 "rootfs":"local-lvm:vm-254-disk-0,size=16G",
                 "mp0":"local-lvm:vm-254-disk-1,mp=/share,backup=1,size=32G",
                 "mp1":"/srv/data,mp=/data",
                 "net0":"name=eth0,bridge=vmbr0,firewall=1,gw=192.168.178.1,hwaddr=BC:24:11:00:00:01,ip=192.168.178.254/24,tag=20,type=veth",
                 "features":"nesting=1,mount=nfs;cifs","unprivileged":1,"tags":"web;pxci","onboot":1,
                 "startup":"order=2,up=30","digest":"abc"}
                """);

        ContainerConfig decoded = PveConfig.decode(254, config, JSON.createObjectNode());

        assertThat(decoded).isEqualTo(new ContainerConfig("ci", 4, 6192, 1024, new RootDisk("local-lvm", 16),
                List.of(new MountPoint(0, "local-lvm", 32, "/share", true)),
                List.of(new NetworkInterface(0, "eth0", "vmbr0", "192.168.178.254/24", Optional.of("192.168.178.1"),
                        OptionalInt.of(20), true)),
                new Features(true, false, false, false, List.of("nfs", "cifs")), true, List.of("pxci", "web"), true,
                Optional.of(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty()))));
    }

    @Test
    void absentKeysReadAsProxmoxDefaultsAndTheListingFillsIn() throws Exception {
        JsonNode config = JSON.readTree("{\"rootfs\":\"local:101/vm-101-disk-0.raw\"}");
        JsonNode resource = JSON.readTree("{\"name\":\"web\",\"maxcpu\":2,\"maxdisk\":8589934592}");

        ContainerConfig decoded = PveConfig.decode(101, config, resource);

        assertThat(decoded.hostname()).isEqualTo("web");
        assertThat(decoded.cores()).isEqualTo(2);
        assertThat(decoded.memoryMiB()).isEqualTo(512);
        assertThat(decoded.swapMiB()).isEqualTo(512);
        assertThat(decoded.rootDisk()).isEqualTo(new RootDisk("local", 8));
        assertThat(decoded.unprivileged()).isFalse();
        assertThat(decoded.onboot()).isFalse();
        assertThat(decoded.features()).isEqualTo(Features.NONE);
        assertThat(decoded.startup()).isEmpty();
    }

    @Test
    void sizesInOtherUnitsRoundUpToWholeGibibytes() {
        assertThat(PveConfig.sizeGiB("512M")).hasValue(1);
        assertThat(PveConfig.sizeGiB("1T")).hasValue(1024);
        assertThat(PveConfig.sizeGiB("8589934592")).hasValue(8);
        assertThat(PveConfig.sizeGiB("lots")).isEmpty();
    }

    @Test
    void pendingChangesAndOwnedVolumesAreRecognised() throws Exception {
        assertThat(PveConfig.restartPending(JSON.readTree("[{\"key\":\"memory\",\"value\":512,\"pending\":1024}]"))).isTrue();
        assertThat(PveConfig.restartPending(JSON.readTree("[{\"key\":\"mp1\",\"value\":\"x\",\"delete\":1}]"))).isTrue();
        assertThat(PveConfig.restartPending(JSON.readTree("[{\"key\":\"memory\",\"value\":512}]"))).isFalse();
        assertThat(PveConfig.ownedVolumes(JSON.readTree("""
                {"mp0":"local-lvm:vm-9-disk-1,mp=/share,size=4G","mp1":"/srv,mp=/srv","unused0":"local-lvm:vm-9-disk-2",
                 "rootfs":"local-lvm:vm-9-disk-0,size=8G"}
                """))).containsExactlyInAnyOrder("mp0 (local-lvm:vm-9-disk-1)", "unused0 (local-lvm:vm-9-disk-2)");
    }

    @Test
    void anUnreadableConfigIsAFailureNamingTheContainer() throws Exception {
        JsonNode config = JSON.readTree("{\"cores\":\"many\"}");

        assertThatThrownBy(() -> PveConfig.decode(300, config, JSON.createObjectNode()))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("CT 300");
    }
}
