package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.pve.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestFilesTest {

    @TempDir
    Path root;

    private final int me = uid();

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ContainerSpec spec(List<String> keys) {
        return new ContainerSpec(9101, "pxci-ci", Optional.empty(), true, 1, 512, 256,
                new ContainerSpec.MountPoint("rootfs", "local-lvm:vm-9101-disk-0", "/", 0), Map.of(),
                List.of(new ContainerSpec.Nic("net0", "eth0", "vmbr0", "", Optional.of("10.99.0.11/24"),
                        Optional.of("10.99.0.1")), new ContainerSpec.Nic("net1", "eth1", "vmbr0", "", Optional.of("dhcp"),
                        Optional.empty())), List.of(), keys);
    }

    @Test
    void eachNewContainerGetsItsOwnMachineIdAndHostKeysAndRootsKeys() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        List<String> first = new GuestFiles(root.resolve("a"), me).atCreate(spec(List.of("ssh-ed25519 AAAA ci")));
        List<String> second = new GuestFiles(root.resolve("b"), me).atCreate(spec(List.of()));

        assertThat(first).hasSize(2).allSatisfy(key -> assertThat(key).endsWith(" root@pxci-ci"));
        assertThat(first).doesNotContainAnyElementsOf(second);
        String machineId = Files.readString(root.resolve("a/etc/machine-id"));
        assertThat(machineId).matches("[0-9a-f]{32}\n").isNotEqualTo(Files.readString(root.resolve("b/etc/machine-id")));
        assertThat(root.resolve("a/root/.ssh/authorized_keys")).hasContent("ssh-ed25519 AAAA ci");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("a/root/.ssh/authorized_keys"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("a/etc/ssh/ssh_host_ed25519_key"))))
                .isEqualTo("rw-------");
        assertThat(root.resolve("a/etc/ssh/sshd_config.d/00-pxci-host-keys.conf")).content()
                .contains("HostKey /etc/ssh/ssh_host_ed25519_key", "HostKey /etc/ssh/ssh_host_ecdsa_key");
        assertThat(root.resolve("a/etc/apt/apt.conf.d/00pxci-sandbox-proxy"))
                .hasContent("Acquire::http::Proxy \"http://10.99.0.1:3142\";");
        assertThat(root.resolve("b/root/.ssh")).doesNotExist();
    }

    @Test
    void everyStartWritesTheNameTheHostsLineAndTheInterfaces() throws Exception {
        new GuestFiles(root, me).atStart(spec(List.of()));

        assertThat(root.resolve("etc/hostname")).hasContent("pxci-ci");
        assertThat(Files.readAllLines(root.resolve("etc/hosts"))).contains("127.0.1.1 pxci-ci");
        assertThat(root.resolve("etc/network/interfaces")).hasContent("""
                auto lo
                iface lo inet loopback

                auto eth0
                iface eth0 inet static
                \taddress 10.99.0.11/24
                \tgateway 10.99.0.1

                auto eth1
                iface eth1 inet dhcp""");
    }
}
