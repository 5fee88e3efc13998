package dev.pxci.ports.platform;

import java.util.Objects;

/**
 * What a platform can change on an existing container without re-creating it. Plans follow it:
 * a difference the platform cannot make in place needs a replacement, so {@code plan} and
 * {@code apply} agree on every platform.
 *
 * @param settings host name, CPU, memory, swap, networks, features, tags and boot options
 * @param diskGrowth growing the root disk
 * @param mountPoints adding, removing and growing mount points
 * @param limitation why some of them cannot be changed in place, for plans and errors; empty when all can
 */
public record InPlace(boolean settings, boolean diskGrowth, boolean mountPoints, String limitation) {
    /** Everything Proxmox VE itself changes in place. */
    public static final InPlace ALL = new InPlace(true, true, true, "");

    public InPlace {
        Objects.requireNonNull(limitation, "limitation");
    }
}
