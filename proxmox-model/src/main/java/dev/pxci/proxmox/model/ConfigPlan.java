package dev.pxci.proxmox.model;

import java.util.List;
import java.util.Map;

/**
 * The minimal change from an observed container configuration to a desired one.
 *
 * @param set keys to send in the config PUT, with their new values
 * @param delete keys to remove ({@code delete=a,b})
 * @param resizes disks to grow (a separate call, one task each)
 * @param unwritable differences that no write to the existing container expresses (a read-only option, a disk's
 *     storage, shrinking), each described
 * @param featuresChange whether the {@code features} key changes (root@pam-only with some values)
 */
public record ConfigPlan(
        Map<String, String> set, List<String> delete, List<Resize> resizes, List<String> unwritable, boolean featuresChange) {

    /** Grow {@code disk} ({@code rootfs}, {@code mp0}) to {@code sizeGiB}. */
    public record Resize(String disk, int sizeGiB) {
    }

    public ConfigPlan {
        set = Map.copyOf(set);
        delete = List.copyOf(delete);
        resizes = List.copyOf(resizes);
        unwritable = List.copyOf(unwritable);
    }

    public boolean isEmpty() {
        return set.isEmpty() && delete.isEmpty() && resizes.isEmpty() && unwritable.isEmpty();
    }
}
