package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.sandbox.pve.ContainerRuntime;
import dev.pxci.sandbox.pve.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LxcConfigTest {

    @TempDir
    Path dir;

    static ContainerSpec spec(boolean unprivileged, String bridge, Map<String, String> features) {
        return new ContainerSpec(9101, "pxci-ci", Optional.empty(), unprivileged, 2, 512, 256,
                new ContainerSpec.MountPoint("rootfs", "local-lvm:vm-9101-disk-0", "/", 4L << 30), features,
                List.of(new ContainerSpec.Nic("net0", "eth0", bridge, "BC:24:11:63:00:0B", Optional.of("10.99.0.11/24"),
                        Optional.empty())),
                List.of(new ContainerSpec.MountPoint("mp0", "local-lvm:vm-9101-disk-1", "/share", 1L << 30)), List.of());
    }

    private String render(ContainerSpec spec, Optional<Path> kit) {
        return LxcConfig.render(spec, dir.resolve("rootfs"),
                volume -> dir.resolve("volumes").resolve(volume.replace(':', '/')), kit, dir.resolve("jdk"));
    }

    @Test
    void anUnprivilegedContainerIsMappedLimitedAndOnTheSandboxBridge() {
        String config = render(spec(true, "vmbr0", Map.of("nesting", "1")), Optional.empty());

        assertThat(config.lines()).contains("lxc.uts.name = pxci-ci",
                "lxc.include = /usr/share/lxc/config/userns.conf",
                "lxc.idmap = u 0 100000 65536", "lxc.idmap = g 0 100000 65536",
                "lxc.include = /usr/share/lxc/config/nesting.conf",
                "lxc.rootfs.path = dir:" + dir.resolve("rootfs/root"),
                "lxc.cgroup.memory.limit_in_bytes = 536870912",
                "lxc.cgroup.cpu.cfs_quota_us = 200000",
                "lxc.net.0.type = veth", "lxc.net.0.link = pxcibr0", "lxc.net.0.name = eth0",
                "lxc.net.0.hwaddr = BC:24:11:63:00:0B",
                "lxc.mount.entry = " + dir.resolve("volumes/local-lvm/vm-9101-disk-1") + " share none bind,create=dir 0 0",
                "lxc.mount.entry = " + dir.resolve("jdk") + " opt/pxci-standin/jre none bind,ro,create=dir 0 0");
        assertThat(config).doesNotContain("opt/pxci-standin none");
    }

    @Test
    void aPrivilegedContainerHasNoIdMapAndTheKitIsMountedReadOnly() throws Exception {
        Path kit = Files.createDirectories(dir.resolve("kit dir"));
        String config = render(spec(false, "vmbr0", Map.of()), Optional.of(kit));

        assertThat(config).doesNotContain("lxc.idmap").doesNotContain("userns.conf").doesNotContain("nesting.conf");
        assertThat(config.lines()).contains("lxc.mount.entry = " + dir.resolve("kit\\040dir")
                + " opt/pxci-standin none bind,ro,create=dir 0 0");
    }

    @Test
    void aBridgeTheNodeDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> render(spec(true, "vmbr1", Map.of()), Optional.empty()))
                .isInstanceOf(ContainerRuntime.Failure.class)
                .hasMessage("net0: bridge 'vmbr1' does not exist; the LXC sandbox's node has vmbr0 (pxcibr0 on the host)");
    }
}
