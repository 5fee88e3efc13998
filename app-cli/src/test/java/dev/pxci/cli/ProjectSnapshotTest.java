package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSnapshotTest {
    @TempDir
    Path dir;

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private Path project() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("README.md"), "readme\n");
        Files.createDirectories(project.resolve("deployment/.pxci"));
        Files.writeString(project.resolve("deployment/web.env"), "ID=101\n");
        Files.writeString(project.resolve("deployment/.pxci/deployment.lock"), "4242\n");
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("target/app.jar"), "jar");
        return project;
    }

    @Test
    void pxciStateAtAnyDepthAndBuildOutputStayBehind() throws IOException {
        try (ProjectSnapshot snapshot = ProjectSnapshot.of(project(), List.of())) {
            assertThat(files(snapshot.root())).containsExactly("README.md", "deployment/web.env");
        }
    }

    @Test
    void theSecretsFileStaysBehindEvenWhenTheProjectOnlyLinksToIt() throws IOException {
        Path project = project();
        Path secrets = Files.writeString(dir.resolve("config.json"), "{\"password\": \"x\"}");
        Files.copy(secrets, project.resolve("config.json"));
        Files.createSymbolicLink(project.resolve("deployment/credentials.json"), secrets);

        try (ProjectSnapshot snapshot = ProjectSnapshot.of(project, List.of(secrets, project.resolve("config.json")))) {
            assertThat(files(snapshot.root())).containsExactly("README.md", "deployment/web.env");
        }
    }

    @Test
    void aSandboxStateDirectoryInsideTheProjectStaysBehind() throws IOException {
        Path project = project();
        Path state = Files.createDirectories(project.resolve("sandbox-state/pve"));
        Files.writeString(state.resolve("pve-cluster.json"), "{\"tokenSecret\": \"x\"}");

        try (ProjectSnapshot snapshot = ProjectSnapshot.of(project, List.of(project.resolve("sandbox-state")))) {
            assertThat(files(snapshot.root())).containsExactly("README.md", "deployment/web.env");
        }
    }

    @Test
    void inAGitWorkTreeOnlyTrackedFilesGoAlongSoAStrayKeyStaysBehind() throws Exception {
        Path project = project();
        git(project, "init", "-q");
        git(project, "add", "README.md", "deployment/web.env");
        git(project, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "init");
        Files.writeString(project.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.writeString(project.resolve("README.md"), "changed, not committed\n");

        try (ProjectSnapshot snapshot = ProjectSnapshot.of(project, List.of())) {
            assertThat(files(snapshot.root())).containsExactly("README.md", "deployment/web.env");
            assertThat(snapshot.root().resolve("README.md")).hasContent("changed, not committed");
        }
    }

    @Test
    void theCopyIsReadableByItsOwnerOnlyAndGoneAfterClose() throws IOException {
        Path holder;
        try (ProjectSnapshot snapshot = ProjectSnapshot.of(project(), List.of())) {
            holder = snapshot.root().getParent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(holder))).isEqualTo("rwx------");
        }
        assertThat(holder).doesNotExist();
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
