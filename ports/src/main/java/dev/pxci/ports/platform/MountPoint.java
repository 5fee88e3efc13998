package dev.pxci.ports.platform;

import java.util.Objects;

/**
 * A volume mounted inside the container, in slot {@code mp<slot>}: {@code sizeGiB} allocated on
 * {@code storage}, mounted at {@code path}. The size can only grow; a changed storage or path
 * means a new volume.
 *
 * @param slot the mount point index, 0..255
 * @param storage storage id the volume lives on ({@code local-lvm})
 * @param sizeGiB size in GiB
 * @param path absolute path inside the container
 * @param backup include the volume in backups
 */
public record MountPoint(int slot, String storage, int sizeGiB, String path, boolean backup) {
    public MountPoint {
        if (slot < 0 || slot > 255) {
            throw new IllegalArgumentException("mount point slot must be between 0 and 255, was " + slot);
        }
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("mount path must be absolute, was " + path);
        }
        if (sizeGiB < 1) {
            throw new IllegalArgumentException("mount point size must be at least 1 GiB, was " + sizeGiB);
        }
    }
}
