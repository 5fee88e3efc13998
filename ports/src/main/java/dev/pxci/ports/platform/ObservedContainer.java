package dev.pxci.ports.platform;

import java.util.Objects;
import java.util.Optional;

/**
 * A container as the platform reports it now. Values the platform leaves unset are reported as
 * the platform's effective defaults, so they compare equal to a spec that states those defaults.
 *
 * @param ref id and current node
 * @param config the observed settings
 * @param power running or stopped
 * @param lock the platform lock held on it ({@code create}, {@code disk}, ...), if any
 * @param revision an opaque version of the config (Proxmox's {@code digest}), passed back on
 *     reconfigure so a concurrent change is detected instead of overwritten
 * @param restartPending whether changes are waiting for a restart to take effect
 * @param origin whether pxci made it, as far as the platform can tell
 */
public record ObservedContainer(
        ContainerRef ref,
        ContainerConfig config,
        PowerState power,
        Optional<String> lock,
        String revision,
        boolean restartPending,
        Origin origin) {
    public ObservedContainer {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(origin, "origin");
    }

    /** A container of a platform that keeps no mark of who made it ({@link Origin#UNKNOWN}). */
    public ObservedContainer(ContainerRef ref, ContainerConfig config, PowerState power, Optional<String> lock,
            String revision, boolean restartPending) {
        this(ref, config, power, lock, revision, restartPending, Origin.UNKNOWN);
    }
}
