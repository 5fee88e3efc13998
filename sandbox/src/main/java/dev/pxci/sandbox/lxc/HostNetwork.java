package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The bridge {@value SandboxNetwork#BRIDGE} with the host address and the apt cache on it,
 * shared by every sandbox on this machine: made when a container starts and it is missing, and
 * removed (the cache stopped) once no container is attached. Only addresses and links are
 * touched: no route, NAT rule or forwarding setting.
 */
final class HostNetwork {

    private static final Duration IP_LIMIT = Duration.ofSeconds(10);

    private final Path lockFile;
    private final Path sysClassNet;
    private final AptCache aptCache;

    HostNetwork(Path runDirectory, AptCache aptCache) {
        this.lockFile = runDirectory.resolve("network.lock");
        this.sysClassNet = Path.of("/sys/class/net");
        this.aptCache = aptCache;
    }

    /** Runs {@code action} (a container start) with the bridge and the cache up, so no other sandbox removes them meanwhile. */
    void whileUp(Runnable action) {
        HostLock.holding(lockFile, () -> {
            if (!Files.exists(sysClassNet.resolve(SandboxNetwork.BRIDGE))) {
                Commands.run(IP_LIMIT, "ip", "link", "add", SandboxNetwork.BRIDGE, "type", "bridge");
                Commands.run(IP_LIMIT, "ip", "addr", "add", SandboxNetwork.HOST_ADDRESS + "/24", "dev", SandboxNetwork.BRIDGE);
                Commands.run(IP_LIMIT, "ip", "link", "set", SandboxNetwork.BRIDGE, "up");
            }
            aptCache.ensureRunning();
            action.run();
        });
    }

    /** Removes the bridge and stops the cache when no container is attached any more. */
    void releaseIfUnused() {
        HostLock.holding(lockFile, () -> {
            Path bridge = sysClassNet.resolve(SandboxNetwork.BRIDGE);
            if (!Files.exists(bridge) || attached(bridge)) {
                return;
            }
            aptCache.stop();
            Commands.run(IP_LIMIT, "ip", "link", "del", SandboxNetwork.BRIDGE);
        });
    }

    private static boolean attached(Path bridge) {
        try (Stream<Path> ports = Files.list(bridge.resolve("brif"))) {
            return ports.findAny().isPresent();
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot list the ports of " + bridge + ": " + e.getMessage(), e);
        }
    }
}
