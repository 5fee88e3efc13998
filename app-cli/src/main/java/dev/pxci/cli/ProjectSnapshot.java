package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files of the project that replication pushes, copied into a temporary directory that only
 * this user can read and that is removed on every way out (closed, or the process ending on a
 * signal): in a git work tree ({@code .git} a directory, or the file of a linked work tree) the
 * tracked files ({@code git ls-files}: nothing untracked, so no stray key or state that was never
 * committed), elsewhere everything but build output ({@code target} at the top) and, at any depth, {@code .git} and pxci's own state
 * ({@code .pxci}: deployment locks, the default sandbox). Symbolic links are copied as the files
 * they point to, so {@code .gitea} arrives as a directory Gitea reads. What {@code excluded} names
 * never goes along, however it is reached (a link to it included): the secrets file, every file a
 * setting names (keys, known_hosts, CA files), and the sandbox's state, which holds the simulated
 * cluster's secrets.
 */
final class ProjectSnapshot implements AutoCloseable {
    private static final Set<String> NEVER_AT_TOP = Set.of("target");
    private static final Set<String> NEVER_AT_ANY_DEPTH = Set.of(".git", ".pxci");
    private final Path holder;
    private final Path root;
    private final Thread removalOnExit;

    private ProjectSnapshot(Path holder, Path root, Thread removalOnExit) {
        this.holder = holder;
        this.root = root;
        this.removalOnExit = removalOnExit;
    }

    /** The copy; its directory name is the project's, so repository names derived from it match. */
    Path root() {
        return root;
    }

    /**
     * Copies the project.
     *
     * @param excluded files or directories left out wherever they are (compared by their real paths)
     */
    static ProjectSnapshot of(Path project, List<Path> excluded) {
        Path holder;
        try {
            holder = Files.createTempDirectory("pxci-project-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot make a directory for the project snapshot: " + e.getMessage());
        }
        Thread removalOnExit = new Thread(() -> remove(holder), "pxci-snapshot-removal");
        Runtime.getRuntime().addShutdownHook(removalOnExit);
        try {
            Path name = project.toAbsolutePath().normalize().getFileName();
            Path copy = Files.createDirectory(holder.resolve(name == null ? "project" : name.toString()));
            Exclusions exclusions = new Exclusions(project, excluded);
            List<Path> files = Files.exists(project.resolve(".git")) ? gitFiles(project) : walk(project);
            for (Path relative : files) {
                Path source = project.resolve(relative);
                if (exclusions.skips(source)) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    copyTree(source, copy.resolve(relative), exclusions);
                } else if (Files.isRegularFile(source)) {
                    Path target = copy.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return new ProjectSnapshot(holder, copy, removalOnExit);
        } catch (IOException | java.io.UncheckedIOException e) {
            remove(holder);
            Runtime.getRuntime().removeShutdownHook(removalOnExit);
            throw new PxciException(ErrorCode.FAILED, "cannot take a snapshot of the project " + project + ": " + e.getMessage());
        }
    }

    /** What never goes along: names at the top or at any depth, and the excluded paths however reached. */
    private static final class Exclusions {
        private final Path project;
        private final List<Path> excluded = new ArrayList<>();

        Exclusions(Path project, List<Path> excluded) throws IOException {
            this.project = project.toAbsolutePath().normalize();
            for (Path p : excluded) {
                Path absolute = p.toAbsolutePath().normalize();
                this.excluded.add(absolute);
                if (Files.exists(absolute)) {
                    this.excluded.add(absolute.toRealPath());
                }
            }
        }

        boolean skips(Path source) throws IOException {
            Path absolute = source.toAbsolutePath().normalize();
            if (absolute.startsWith(project)) {
                Path relative = project.relativize(absolute);
                if (relative.getNameCount() > 0 && NEVER_AT_TOP.contains(relative.getName(0).toString())) {
                    return true;
                }
                for (Path part : relative) {
                    if (NEVER_AT_ANY_DEPTH.contains(part.toString())) {
                        return true;
                    }
                }
            }
            Path real = Files.exists(absolute) ? absolute.toRealPath() : absolute;
            return excluded.stream().anyMatch(x -> absolute.startsWith(x) || real.startsWith(x));
        }
    }

    private static List<Path> gitFiles(Path project) throws IOException {
        Process git = new ProcessBuilder("git", "ls-files", "--cached", "-z")
                .directory(project.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return walk(project);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing the project's files");
        }
        List<Path> files = new ArrayList<>();
        for (String name : out.split("\0")) {
            if (!name.isEmpty()) {
                files.add(Path.of(name));
            }
        }
        return files;
    }

    private static List<Path> walk(Path project) throws IOException {
        try (Stream<Path> top = Files.list(project)) {
            return top.map(project::relativize).toList();
        }
    }

    private static void copyTree(Path source, Path target, Exclusions exclusions) throws IOException {
        Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (exclusions.skips(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile() && !exclusions.skips(file)) {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(removalOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook removes the copy itself
        }
        remove(holder);
    }

    private static void remove(Path holder) {
        if (!Files.exists(holder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(holder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot remove the project snapshot " + holder + ": " + e.getMessage());
        }
    }
}
