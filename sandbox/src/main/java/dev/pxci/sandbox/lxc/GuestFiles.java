package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import dev.pxci.sandbox.pve.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What pve-container writes into a Debian container's root file system: at create its own
 * machine id, SSH host keys and root's authorised keys; at every start the host name, the
 * {@code 127.0.1.1} line and {@code /etc/network/interfaces} from {@code netN}. Plus the apt proxy
 * of the sandbox. Written into the root file system while the container is stopped.
 */
final class GuestFiles {

    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** No RSA key: making one takes seconds; sshd is told which keys it has (a drop-in), so it misses none. */
    private static final List<String> HOST_KEY_TYPES = List.of("ecdsa", "ed25519");
    private static final Duration KEYGEN_LIMIT = Duration.ofSeconds(30);

    private final Path root;
    private final int owner;

    /**
     * @param root the upper layer of the container's root file system
     * @param owner the host id of the container's root (0 for a privileged container)
     */
    GuestFiles(Path root, int owner) {
        this.root = root;
        this.owner = owner;
    }

    /** The files a new container gets; returns its SSH host public keys ({@code TYPE BASE64 COMMENT} lines). */
    List<String> atCreate(ContainerSpec spec) {
        try {
            byte[] id = new byte[16];
            new SecureRandom().nextBytes(id);
            Tree.write(root, "etc/machine-id", HexFormat.of().formatHex(id) + "\n", owner, PUBLIC);
            Tree.write(root, "etc/apt/apt.conf.d/00pxci-sandbox-proxy", AptCache.PROXY_CONF, owner, PUBLIC);
            if (!spec.sshPublicKeys().isEmpty()) {
                Tree.write(root, "root/.ssh/authorized_keys", String.join("\n", spec.sshPublicKeys()) + "\n", owner,
                        PRIVATE);
                Files.setPosixFilePermissions(root.resolve("root/.ssh"), PosixFilePermissions.fromString("rwx------"));
            }
            Tree.directories(root, root.resolve("etc/ssh"), owner);
            List<String> publicKeys = new ArrayList<>();
            for (String type : HOST_KEY_TYPES) {
                Path key = root.resolve("etc/ssh/ssh_host_" + type + "_key");
                Files.deleteIfExists(key);
                Files.deleteIfExists(Path.of(key + ".pub"));
                Commands.run(KEYGEN_LIMIT, "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@" + spec.hostname(), "-f",
                        key.toString());
                Tree.chown(key, owner);
                Tree.chown(Path.of(key + ".pub"), owner);
                publicKeys.add(Files.readString(Path.of(key + ".pub")).strip());
            }
            StringBuilder hostKeys = new StringBuilder("# the SSH host keys the pxci LXC sandbox made for this container\n");
            HOST_KEY_TYPES.forEach(type -> hostKeys.append("HostKey /etc/ssh/ssh_host_").append(type).append("_key\n"));
            Tree.write(root, "etc/ssh/sshd_config.d/00-pxci-host-keys.conf", hostKeys.toString(), owner, PUBLIC);
            return publicKeys;
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot prepare the root file system " + root + ": " + e.getMessage(), e);
        }
    }

    /** The files pve-container rewrites at every start. */
    void atStart(ContainerSpec spec) {
        try {
            Tree.write(root, "etc/hostname", spec.hostname() + "\n", owner, PUBLIC);
            Tree.write(root, "etc/hosts", "127.0.0.1 localhost.localdomain localhost\n127.0.1.1 " + spec.hostname()
                    + "\n\n::1 localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n",
                    owner, PUBLIC);
            Tree.write(root, "etc/network/interfaces", interfaces(spec), owner, PUBLIC);
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot prepare the root file system " + root + ": " + e.getMessage(), e);
        }
    }

    /** {@code /etc/network/interfaces} as pve-container's Debian setup writes it. */
    static String interfaces(ContainerSpec spec) {
        StringBuilder out = new StringBuilder("auto lo\niface lo inet loopback\n");
        for (ContainerSpec.Nic nic : spec.nics()) {
            String ip = nic.ip().orElse("manual");
            out.append("\nauto ").append(nic.name()).append('\n');
            if (ip.equals("dhcp") || ip.equals("manual")) {
                out.append("iface ").append(nic.name()).append(" inet ").append(ip).append('\n');
            } else {
                out.append("iface ").append(nic.name()).append(" inet static\n\taddress ").append(ip).append('\n');
                nic.gateway().ifPresent(gw -> out.append("\tgateway ").append(gw).append('\n'));
            }
        }
        return out.toString();
    }
}
