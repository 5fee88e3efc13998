package dev.pxci.ports.platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The observable settings of a container, the part of a {@link ContainerSpec} that can be read
 * back and compared field by field. {@code unprivileged} and the root disk's storage can only be
 * set at creation; the rest can change in place.
 *
 * @param hostname DNS name, also the container's name
 * @param cores CPU cores (1..8192)
 * @param memoryMiB memory in MiB (at least 16)
 * @param swapMiB swap in MiB (0 or more)
 * @param rootDisk root file system
 * @param mounts extra volumes, each in its own {@code mp[n]} slot
 * @param networks interfaces, each in its own {@code net[n]} slot
 * @param features container features (nesting, keyctl, ...)
 * @param unprivileged whether the container runs with mapped ids (immutable after create)
 * @param tags tags, lower-case, order irrelevant
 * @param onboot start when the node boots
 * @param startup start/stop order and delays, when set
 */
public record ContainerConfig(
        String hostname,
        int cores,
        int memoryMiB,
        int swapMiB,
        RootDisk rootDisk,
        List<MountPoint> mounts,
        List<NetworkInterface> networks,
        Features features,
        boolean unprivileged,
        List<String> tags,
        boolean onboot,
        Optional<StartupOrder> startup) {

    public ContainerConfig {
        Objects.requireNonNull(hostname, "hostname");
        if (cores < 1 || cores > 8192) {
            throw new IllegalArgumentException("cores must be between 1 and 8192, was " + cores);
        }
        if (memoryMiB < 16) {
            throw new IllegalArgumentException("memory must be at least 16 MiB, was " + memoryMiB);
        }
        if (swapMiB < 0) {
            throw new IllegalArgumentException("swap must not be negative, was " + swapMiB);
        }
        Objects.requireNonNull(rootDisk, "rootDisk");
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
        Objects.requireNonNull(features, "features");
        tags = List.copyOf(tags);
        Objects.requireNonNull(startup, "startup");
    }
}
