package dev.pxci.ports.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * How to destroy a container.
 *
 * @param keepMountVolumes keep the mount-point volumes (shares) instead of deleting them with the
 *     container; a platform that cannot keep them refuses the destroy rather than lose them
 * @param shutdownTimeout how long a clean shutdown may take before the container is stopped hard
 * @param template the template of the destroyed container (a volume id or a file name), for a
 *     platform that needs a container of its own to keep the volumes in
 */
public record DestroyOptions(boolean keepMountVolumes, Duration shutdownTimeout, String template) {
    public DestroyOptions {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(template, "template");
    }

    /** Destroys the container with every volume it owns. */
    public static DestroyOptions purging(Duration shutdownTimeout) {
        return new DestroyOptions(false, shutdownTimeout, "");
    }

    /** Destroys the container and keeps its mount-point volumes. */
    public static DestroyOptions keepingVolumes(Duration shutdownTimeout, String template) {
        return new DestroyOptions(true, shutdownTimeout, template);
    }
}
