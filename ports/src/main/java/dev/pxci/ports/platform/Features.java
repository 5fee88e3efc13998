package dev.pxci.ports.platform;

import java.util.List;

/**
 * Container features. With an API token only {@code nesting} on an unprivileged container can be
 * set; the others need a root@pam ticket on Proxmox VE.
 *
 * @param nesting allow nested containers and modern systemd
 * @param keyctl allow the keyctl() system call
 * @param fuse allow FUSE mounts
 * @param mknod allow mknod for some device nodes
 * @param mountTypes file system types the container may mount ({@code nfs}, {@code cifs})
 */
public record Features(boolean nesting, boolean keyctl, boolean fuse, boolean mknod, List<String> mountTypes) {
    /** No feature enabled. */
    public static final Features NONE = new Features(false, false, false, false, List.of());

    public Features {
        mountTypes = List.copyOf(mountTypes);
    }

    /** True when a feature other than nesting is on: those need elevated rights on Proxmox VE. */
    public boolean needsRoot() {
        return keyctl || fuse || mknod || !mountTypes.isEmpty();
    }
}
