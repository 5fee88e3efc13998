package dev.pxci.sandbox.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** File-tree chores on the host: delete a tree, write a file owned by a container's root. */
final class Tree {

    private Tree() {
    }

    /** Deletes a file or a whole tree (links are removed, never followed); nothing when it is absent. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Sets a file's owner and group to host id {@code id} (the container's root when it is the id map's offset). */
    static void chown(Path path, int id) throws IOException {
        Files.setAttribute(path, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates the missing directories from {@code root} down to {@code dir}, each 0755 and owned by {@code id}. */
    static void directories(Path root, Path dir, int id) throws IOException {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                chown(current, id);
            }
        }
    }

    /** Writes a file below {@code root} (creating its directories), owned by {@code id}, with these permissions. */
    static void write(Path root, String relative, String text, int id, Set<PosixFilePermission> mode)
            throws IOException {
        Path file = root.resolve(relative);
        directories(root, file.getParent(), id);
        Files.deleteIfExists(file);
        Files.writeString(file, text);
        chown(file, id);
        Files.setPosixFilePermissions(file, mode);
    }
}
