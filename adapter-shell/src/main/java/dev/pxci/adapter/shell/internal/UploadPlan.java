package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an upload copies: one file, or a tree's directories (parents first) and files, each with
 * its mode and its destination path. Symbolic links are followed, so the destination gets what
 * they point to.
 */
public record UploadPlan(List<Item> directories, List<Item> files) {

    /** One directory or file: where it is here, where it goes, its permission bits. */
    public record Item(Path source, String destination, int mode) {
    }

    public UploadPlan {
        directories = List.copyOf(directories);
        files = List.copyOf(files);
    }

    /** Plans copying {@code source} to {@code destination} (a tree's contents go into {@code destination}). */
    public static UploadPlan of(Path source, String destination) {
        if (!Files.exists(source)) {
            throw new PxciException(ErrorCode.NOT_FOUND, "cannot upload " + source + ": it does not exist");
        }
        List<Item> directories = new ArrayList<>();
        List<Item> files = new ArrayList<>();
        try {
            if (!Files.isDirectory(source)) {
                files.add(new Item(source, destination, FileModes.of(source)));
                return new UploadPlan(directories, files);
            }
            try (Stream<Path> walk = Files.walk(source, FileVisitOption.FOLLOW_LINKS)) {
                for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                    String target = join(destination, source.relativize(path));
                    Item item = new Item(path, target, FileModes.of(path));
                    if (Files.isDirectory(path)) {
                        directories.add(item);
                    } else if (Files.isRegularFile(path)) {
                        files.add(item);
                    } else {
                        throw new PxciException(ErrorCode.UNSUPPORTED, "cannot upload " + path
                                + ": only directories and regular files can be uploaded");
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot read " + source + " for the upload: " + e.getMessage(),
                    null, e);
        }
        return new UploadPlan(directories, files);
    }

    private static String join(String destination, Path relative) {
        if (relative.toString().isEmpty()) {
            return destination;
        }
        String base = destination.endsWith("/") ? destination.substring(0, destination.length() - 1) : destination;
        StringBuilder out = new StringBuilder(base);
        for (Path part : relative) {
            out.append('/').append(part);
        }
        return out.toString();
    }
}
