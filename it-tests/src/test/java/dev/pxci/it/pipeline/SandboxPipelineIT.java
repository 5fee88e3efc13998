package dev.pxci.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.cli.Cli;
import dev.pxci.cli.Console;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline through the CLI against the sandbox: provision and replicate for real (read
 * back from the Gitea simulator), the in-container stages skipped with the sandbox's reason, a
 * second run that changes nothing, and destroy.
 */
class SandboxPipelineIT {
    @TempDir
    Path project;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void aProjectWithADeployment() throws IOException {
        Files.writeString(project.resolve("config.env"), "ID=310\nHOSTNAME=ci\nIP=10.20.0.10/24\nGATEWAY=10.20.0.1\n"
                + "MOUNT=share:4\nMEMORY=1024\n");
        Files.createDirectories(project.resolve("infra/.gitea/workflows"));
        Files.writeString(project.resolve("infra/.gitea/workflows/pipeline.yml"), "on:\n  push:\n    branches: [release]\n"
                + "jobs:\n  provision:\n    runs-on: pxci\n    steps:\n      - run: ./pxci apply --stage provision\n");
        Files.createSymbolicLink(project.resolve(".gitea"), Path.of("infra/.gitea"));
        Files.writeString(project.resolve("README.md"), "a project pxci replicates\n");
    }

    private int pxci(String... args) {
        out.reset();
        err.reset();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, project,
                new ByteArrayInputStream(new byte[0]));
        return Cli.run(args, console);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void applyProvisionsAndReplicatesThenChangesNothingAndDestroyRemovesTheContainer() throws Exception {
        int first = pxci("apply", "--sandbox");

        assertThat(first).as(stdout() + err).isZero();
        assertThat(stdout()).contains("> provision 310 ci", "create CT 310", "start CT 310",
                "< bootstrap 310 ci: skipped: the sandbox runs no container processes",
                "< configure 310 ci: skipped: the sandbox runs no container processes",
                "< share 310 ci: skipped: the sandbox runs no container processes",
                "< verify 310 ci: skipped: the sandbox runs no container processes",
                "organisation srv created", "pipeline triggered on release",
                "apply succeeded: 2 changed, 0 unchanged, 4 skipped, 0 failed");

        int second = pxci("apply", "--sandbox");

        assertThat(second).isZero();
        assertThat(stdout()).contains("apply succeeded: 0 changed, 2 unchanged, 4 skipped, 0 failed")
                .contains("forge already up to date");

        try (GiteaSimulator gitea = GiteaSimulator.builder().stateDirectory(project.resolve(".pxci/sandbox/gitea")).start()) {
            assertThat(gitea.organizations()).contains("srv");
            assertThat(gitea.variables("srv")).containsEntry("PXCI_DEPTH", "1").containsEntry("PXCI_SELF", "pve/310")
                    .containsKeys("PROXMOX_URL", "PROXMOX_TOKEN", "PROXMOX_FINGERPRINT");
            assertThat(gitea.secrets("srv")).containsKey("PROXMOX_SECRET");
            Repository repo = gitea.gitRepository("srv", "pxci").orElseThrow();
            assertThat(files(repo, "refs/heads/main")).contains("README.md", "config.env", "infra/.gitea/workflows/pipeline.yml",
                            ".gitea/workflows/pipeline.yml")
                    .noneMatch(f -> f.startsWith(".pxci/"));
            assertThat(commit(repo, "refs/heads/main").getFullMessage()).startsWith("[skip ci]");
            assertThat(gitea.runs("srv", "pxci")).hasSize(1);
        }

        assertThat(pxci("status", "--sandbox")).isZero();
        assertThat(stdout()).contains("310", "running", "none");

        assertThat(pxci("destroy", "--sandbox", "--yes")).as(stdout() + err).isZero();
        assertThat(stdout()).contains("destroy CT 310 on pve (share volumes kept)", "mp0 (local-lvm:vm-310-disk-1) kept in mp0 of CT",
                "(pxci-shares-310)", "destroy succeeded: 1 changed");
        assertThat(pxci("status", "--sandbox")).isZero();
        assertThat(stdout()).contains("absent");

        assertThat(pxci("apply", "--sandbox", "--stage", "provision")).as(stdout() + err).isZero();
        assertThat(stdout()).contains("create CT 310", "mp0 taken back from CT", "(pxci-shares-310) destroyed: it keeps nothing more");

        assertThat(pxci("destroy", "--sandbox", "--yes")).isZero();
        assertThat(pxci("destroy", "--sandbox", "--yes", "--purge-shares")).as(stdout() + err).isZero();
        assertThat(stdout()).contains("kept share volumes purged", "(pxci-shares-310) destroyed with the share volumes it kept",
                "destroy succeeded: 1 changed");
        assertThat(pxci("destroy", "--sandbox", "--yes", "--purge-shares")).isZero();
        assertThat(stdout()).contains("already gone", "destroy succeeded: 0 changed, 1 unchanged");
        assertThat(pxci("status", "--sandbox")).isZero();
        assertThat(stdout()).contains("absent");
    }

    private static RevCommit commit(Repository repo, String ref) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(repo.resolve(ref));
        }
    }

    private static java.util.List<String> files(Repository repo, String ref) throws IOException {
        java.util.List<String> paths = new java.util.ArrayList<>();
        try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(commit(repo, ref).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
        }
        return paths;
    }
}
