package dev.pxci.ports.platform;

import java.util.Objects;

/**
 * The root file system: a volume of {@code sizeGiB} on {@code storage}. The storage is fixed at
 * creation; the size can only grow.
 */
public record RootDisk(String storage, int sizeGiB) {
    public RootDisk {
        Objects.requireNonNull(storage, "storage");
        if (sizeGiB < 1) {
            throw new IllegalArgumentException("root disk size must be at least 1 GiB, was " + sizeGiB);
        }
    }
}
