package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container as a runtime needs it, read from its PVE config: limits, root disk, network,
 * mount points and, at create, the template and the SSH keys to authorise for root.
 *
 * @param template the {@code ostemplate} volume id; present at create only
 * @param features the {@code features} flags ({@code nesting=1} as {@code nesting -> 1})
 * @param sshPublicKeys the create call's {@code ssh-public-keys}, one key a line; empty after create
 */
public record ContainerSpec(int vmid, String hostname, Optional<String> template, boolean unprivileged, int cores,
        long memoryMib, long swapMib, MountPoint rootfs, Map<String, String> features, List<Nic> nics,
        List<MountPoint> mounts, List<String> sshPublicKeys) {

    /** A {@code netN} entry: {@code ip} is {@code a.b.c.d/prefix}, {@code dhcp}, {@code manual} or empty. */
    public record Nic(String key, String name, String bridge, String mac, Optional<String> ip, Optional<String> gateway) {
        public Nic {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bridge, "bridge");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(gateway, "gateway");
        }
    }

    /** {@code rootfs} or an {@code mpN}: its volume id, where it is mounted ({@code /} for rootfs), its size. */
    public record MountPoint(String key, String volume, String path, long sizeBytes) {
        public MountPoint {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(path, "path");
        }
    }

    public ContainerSpec {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(rootfs, "rootfs");
        features = Map.copyOf(features);
        nics = List.copyOf(nics);
        mounts = List.copyOf(mounts);
        sshPublicKeys = List.copyOf(sshPublicKeys);
    }

    /** The spec of a container whose volumes are allocated (called under the cluster's monitor). */
    static ContainerSpec of(Container container, Optional<String> template, String sshPublicKeys) {
        Map<String, String> config = container.config();
        List<Nic> nics = new ArrayList<>();
        List<MountPoint> mounts = new ArrayList<>();
        for (String key : config.keySet()) {
            if (ContainerConfigs.NET_KEY.matcher(key).matches()) {
                Map<String, String> net = PropertyString.parseLenient(config.get(key), "name");
                nics.add(new Nic(key, net.getOrDefault("name", "eth" + key.substring(3)), net.getOrDefault("bridge", ""),
                        net.getOrDefault("hwaddr", ""), Optional.ofNullable(net.get("ip")),
                        Optional.ofNullable(net.get("gw"))));
            }
        }
        for (String key : ContainerConfigs.mountKeysInDiskOrder(config)) {
            if (!key.equals("rootfs")) {
                mounts.add(mountPoint(key, config.get(key), null));
            }
        }
        Map<String, String> features = config.containsKey("features")
                ? PropertyString.parseLenient(config.get("features"), "nesting") : Map.of();
        List<String> keys = sshPublicKeys == null ? List.of()
                : sshPublicKeys.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        return new ContainerSpec(container.vmid(), container.name(), template, "1".equals(config.get("unprivileged")),
                Integer.parseInt(config.getOrDefault("cores", Integer.toString(Inventory.NODE_CPUS))),
                container.maxMemoryBytes() / Container.MIB, container.maxSwapBytes() / Container.MIB,
                mountPoint("rootfs", config.get("rootfs"), "/"), features, nics, mounts, keys);
    }

    private static MountPoint mountPoint(String key, String value, String path) {
        Map<String, String> mount = PropertyString.parseLenient(value, "volume");
        return new MountPoint(key, mount.getOrDefault("volume", ""), path != null ? path : mount.getOrDefault("mp", ""),
                Volumes.sizeBytes(mount.get("size")));
    }
}
