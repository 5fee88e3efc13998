package dev.pxci.ports.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * How to destroy a container.
 *
 * @param keepMountVolumes keep the mount-point volumes (shares) instead of deleting them with the container
 * @param shutdownTimeout how long a clean shutdown may take before the container is stopped hard
 */
public record DestroyOptions(boolean keepMountVolumes, Duration shutdownTimeout) {
    public DestroyOptions {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }
}
