package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files of the project that replication pushes, copied into a temporary directory: in a git
 * work tree the tracked and not-ignored files ({@code git ls-files}), elsewhere everything but
 * build output and pxci's own state. Symbolic links are copied as the files they point to, so
 * {@code .gitea} arrives as a directory Gitea reads. The secrets file never goes along.
 */
final class ProjectSnapshot implements AutoCloseable {
    private static final Set<String> NEVER = Set.of(".git", "target", ".pxci");
    private final Path holder;
    private final Path root;

    private ProjectSnapshot(Path holder, Path root) {
        this.holder = holder;
        this.root = root;
    }

    /** The copy; its directory name is the project's, so repository names derived from it match. */
    Path root() {
        return root;
    }

    static ProjectSnapshot of(Path project, List<Path> excluded) {
        try {
            Path holder = Files.createTempDirectory("pxci-project-");
            Path name = project.toAbsolutePath().normalize().getFileName();
            Path copy = Files.createDirectory(holder.resolve(name == null ? "project" : name.toString()));
            List<Path> files = Files.isDirectory(project.resolve(".git")) ? gitFiles(project) : walk(project);
            for (Path relative : files) {
                Path source = project.resolve(relative);
                if (excluded.stream().anyMatch(x -> x.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize()))
                        || NEVER.contains(relative.getName(0).toString())) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    copyTree(source, copy.resolve(relative));
                } else if (Files.isRegularFile(source)) {
                    Path target = copy.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return new ProjectSnapshot(holder, copy);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot take a snapshot of the project " + project + ": " + e.getMessage());
        }
    }

    private static List<Path> gitFiles(Path project) throws IOException {
        Process git = new ProcessBuilder("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z")
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

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(holder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot remove the project snapshot " + holder + ": " + e.getMessage());
        }
    }
}
