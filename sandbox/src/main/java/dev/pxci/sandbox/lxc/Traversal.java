package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * An unprivileged container's root (host uid 100000) must traverse every directory above its
 * root file system and volumes, or LXC cannot mount them. Checked up front, with the fix named.
 */
final class Traversal {

    private Traversal() {
    }

    /** Makes {@code directory} (created if needed) traversable, and refuses when a parent is not. */
    static void require(Path directory) {
        try {
            Files.createDirectories(directory);
            Set<PosixFilePermission> own = EnumSet.copyOf(Files.getPosixFilePermissions(directory));
            if (own.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(directory, own);
            }
            for (Path parent = directory.getParent(); parent != null; parent = parent.getParent()) {
                if (!Files.getPosixFilePermissions(parent, LinkOption.NOFOLLOW_LINKS)
                        .contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new ContainerRuntime.Failure("the LXC sandbox's state " + directory + " lies below " + parent
                            + ", which unprivileged containers cannot traverse; give another --state, or chmod o+x " + parent);
                }
            }
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot prepare " + directory + ": " + e.getMessage(), e);
        }
    }
}
