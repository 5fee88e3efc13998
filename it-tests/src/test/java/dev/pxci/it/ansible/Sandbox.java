package dev.pxci.it.ansible;

import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings for the adapters against one running {@link PveSimulator}, and the container the tests provision. */
final class Sandbox {
    static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    private Sandbox() {
    }

    /** The ansible platform's settings: the simulator's address and token, its certificate as the CA file. */
    static AdapterConfig ansible(PveSimulator sim, Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("pve-ca-" + sim.port() + ".pem"), sim.certificatePem());
        return new AdapterConfig(Map.of("proxmox.url", sim.baseUrl(), "proxmox.token", sim.tokenId(),
                "proxmox.ca-file", ca.toString(), "ansible.timeout", "3m", "ansible.task-timeout", "60s"),
                Map.of("proxmox.secret", Secret.of(sim.tokenSecret())));
    }

    /** The proxmox platform's settings: the same simulator, its certificate pinned. */
    static AdapterConfig proxmox(PveSimulator sim) {
        return new AdapterConfig(Map.of("proxmox.url", sim.baseUrl(), "proxmox.token", sim.tokenId(),
                "proxmox.fingerprint", sim.fingerprint()), Map.of("proxmox.secret", Secret.of(sim.tokenSecret())));
    }

    /** A container with every setting the token may make: static address with gateway and VLAN, a share, tags, onboot. */
    static ContainerSpec spec(int vmid, String hostname) {
        ContainerConfig config = new ContainerConfig(hostname, 2, 1024, 256, new RootDisk("local-lvm", 8),
                List.of(new MountPoint(0, "local-lvm", 4, "/share", true)),
                List.of(new NetworkInterface(0, "eth0", "vmbr0", "10.20.0.7/24", Optional.of("10.20.0.1"), OptionalInt.of(20), true)),
                new Features(true, false, false, false, List.of()), true, List.of("pxci", "web"), true, Optional.empty());
        return new ContainerSpec(vmid, "pve", TEMPLATE, config, List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq ci@pxci"),
                true);
    }
}
