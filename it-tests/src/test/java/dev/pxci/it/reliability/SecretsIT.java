package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole sandbox pipeline run of the real CLI ({@code pxci apply --sandbox}) with distinctive
 * secret values given through the environment and a secrets file that lies, untracked and not
 * ignored, inside the project's git work tree,
 * then a scan of everything the run left or showed: console output, the JSON event stream with the
 * run report, every file in the project and the sandbox's state, the child's temporary directory
 * (during and after the run), every blob and commit message pushed to the Gitea simulator, and the
 * command line of every process on the machine, polled while the run went on. Zero occurrences.
 */
class SecretsIT {
    @TempDir
    Path dir;

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Set<String> sightings = ConcurrentHashMap.newKeySet();

    private String canary(String name) {
        String value = "canary-" + name + "-" + UUID.randomUUID().toString().replace("-", "");
        secrets.put(name, value);
        return value;
    }

    @Test
    void aSandboxPipelineRunLeavesNoSecretAnywhere() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("README.md"), "the project replicated into the container's Gitea\n");
        Files.writeString(project.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254/24\nMOUNT=share:4\n");
        Path secretsFile = project.resolve("config.json");
        Files.writeString(secretsFile, "{\n  \"proxmox\": {\"password\": \"" + canary("proxmox.password") + "\"},\n"
                + "  \"user\": \"gitea_admin\",\n  \"password\": \"" + canary("gitea.password") + "\",\n"
                + "  \"email\": \"ops@example.org\"\n}\n");
        Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            // a work tree whose secrets file is neither committed nor ignored: git lists it as a file to push
            git.add().addFilepattern("README.md").addFilepattern("config.env").call();
            git.commit().setMessage("project").setAuthor("Pat Doe", "pat@example.org")
                    .setCommitter("Pat Doe", "pat@example.org").setSign(false).call();
        }
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_SSH_PASSWORD", canary("ssh.password"));
        env.put("PXCI_SSH_PASSPHRASE", canary("ssh.passphrase"));
        Path state = dir.resolve("state");
        Path tmp = dir.resolve("tmp");
        Path logs = dir.resolve("logs");

        List<PxciProcess.Result> runs = new ArrayList<>();
        CommandLineWatch watch = new CommandLineWatch(tmp);
        watch.start();
        try {
            runs.add(PxciProcess.run(project, env, tmp, logs, Duration.ofMinutes(2),
                    "apply", "--sandbox", "--state", state.toString(), "--secrets", "config.json", "--output", "json"));
            runs.add(PxciProcess.run(project, env, tmp, logs, Duration.ofMinutes(2),
                    "apply", "--sandbox", "--state", state.toString(), "--secrets", "config.json"));
        } finally {
            watch.stop();
        }

        for (PxciProcess.Result run : runs) {
            assertThat(run.exitCode()).as(run.all()).isZero();
        }
        sandboxSecrets(state);
        JsonNode report = lastEvent(runs.get(0).stdout());
        assertThat(report.get("event").asText()).isEqualTo("run_finished");
        assertThat(report.at("/report/succeeded").asBoolean()).isTrue();
        assertThat(report.at("/report/stages").toString()).contains("\"stage\":\"replicate\"", "secret PROXMOX_SECRET");
        assertThat(runs.get(1).stdout()).contains("apply succeeded");

        for (int i = 0; i < runs.size(); i++) {
            scan("stdout of run " + (i + 1), runs.get(i).stdout());
            scan("stderr of run " + (i + 1), runs.get(i).stderr());
        }
        scanTree(project, secretsFile);
        scanTree(tmp, null);
        scanStateForTheGivenSecrets(state);
        List<String> pushed = scanRepositories(state.resolve("gitea/git"));
        assertThat(pushed).as("the project was pushed").contains("srv/pxci.git:README.md", "srv/pxci.git:config.env");
        assertThat(pushed).as("the secrets file inside the project was not").noneMatch(p -> p.endsWith("config.json"));

        assertThat(watch.polls.get()).as("the process table was read during the run").isGreaterThan(10);
        assertThat(watch.sawChild.get()).as("the poll saw the CLI's own command line").isTrue();
        assertThat(watch.tmpFilesSeen.get()).as("the poll saw the run's temporary project copy").isGreaterThan(0);
        assertThat(sightings).as("secrets seen anywhere").isEmpty();
    }

    /** The secrets the sandbox made for itself (token secret, root password, Gitea admin password) are scanned for too. */
    private void sandboxSecrets(Path state) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode cluster = json.readTree(state.resolve("pve/pve-cluster.json").toFile());
        secrets.put("sandbox proxmox token secret", cluster.get("tokenSecret").asText());
        secrets.put("sandbox root password", cluster.get("rootPassword").asText());
        JsonNode admin = json.readTree(state.resolve("gitea/admin.json").toFile());
        secrets.put("sandbox gitea admin password", admin.get("password").asText());
        assertThat(secrets.values()).allSatisfy(v -> assertThat(v).hasSizeGreaterThan(10));
    }

    private static JsonNode lastEvent(String jsonLines) throws IOException {
        String[] lines = jsonLines.strip().split("\n");
        assertThat(lines.length).as("one JSON event per line").isGreaterThan(5);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            json.readTree(line);
        }
        return json.readTree(lines[lines.length - 1]);
    }

    private void scan(String where, String text) {
        secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                sightings.add(name + " in " + where);
            }
        });
    }

    private void scan(String where, byte[] content) {
        scan(where, new String(content, StandardCharsets.ISO_8859_1));
    }

    /** Every file under {@code root} but {@code allowed} (the secrets file itself). */
    private void scanTree(Path root, Path allowed) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                if (!file.equals(allowed)) {
                    scan(file.toString(), Files.readAllBytes(file));
                }
            }
        }
    }

    /**
     * The sandbox's state legitimately holds its own secrets (and the Actions secret made from its
     * token); the values given to the run must be nowhere in it.
     */
    private void scanStateForTheGivenSecrets(Path state) throws IOException {
        Map<String, String> given = new LinkedHashMap<>(secrets);
        given.keySet().removeIf(k -> k.startsWith("sandbox "));
        try (Stream<Path> all = Files.walk(state)) {
            // but the Gitea simulator's Actions secret store: it keeps the values it hands to runners
            // (PXCI_SECRETS carries the admin's password to the replicated pipeline), as Gitea keeps them
            for (Path file : all.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(state.resolve("gitea/secrets.json"))).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                given.forEach((name, value) -> {
                    if (content.contains(value)) {
                        sightings.add(name + " in " + file);
                    }
                });
            }
        }
    }

    /** Scans every commit message and every blob of every commit reachable from any ref; returns repo:path of the blobs. */
    private List<String> scanRepositories(Path gitRoot) throws IOException {
        List<String> paths = new ArrayList<>();
        List<Path> repositories;
        try (Stream<Path> all = Files.walk(gitRoot, 2)) {
            repositories = all.filter(p -> p.getFileName().toString().endsWith(".git")).toList();
        }
        assertThat(repositories).as("repositories pushed to the Gitea simulator").isNotEmpty();
        for (Path bare : repositories) {
            String name = gitRoot.relativize(bare).toString();
            try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
                 RevWalk walk = new RevWalk(repo)) {
                List<Ref> refs = repo.getRefDatabase().getRefs();
                assertThat(refs).as("refs of %s", name).isNotEmpty();
                for (Ref ref : refs) {
                    walk.markStart(walk.parseCommit(ref.getObjectId()));
                }
                for (RevCommit commit : walk) {
                    scan(name + " commit " + commit.name(), commit.getFullMessage());
                    scan(name + " commit " + commit.name() + " author", commit.getAuthorIdent().toExternalString());
                    try (TreeWalk tree = new TreeWalk(repo)) {
                        tree.addTree(commit.getTree());
                        tree.setRecursive(true);
                        while (tree.next()) {
                            ObjectId blob = tree.getObjectId(0);
                            scan(name + ":" + tree.getPathString() + " at " + commit.abbreviate(8).name(),
                                    repo.open(blob, Constants.OBJ_BLOB).getBytes());
                            scan(name + " path", tree.getPathString());
                            paths.add(name + ":" + tree.getPathString());
                        }
                    }
                }
            }
        }
        return paths;
    }

    /**
     * Polls {@code /proc/<pid>/cmdline} of every process, and the files in the child's temporary
     * directory, as often as it can while the run goes on.
     */
    private final class CommandLineWatch {
        private final Path tmp;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger polls = new AtomicInteger();
        final AtomicBoolean sawChild = new AtomicBoolean();
        final AtomicInteger tmpFilesSeen = new AtomicInteger();
        private final Thread thread = new Thread(this::poll, "cmdline-watch");

        CommandLineWatch(Path tmp) {
            this.tmp = tmp;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        private void poll() {
            while (running.get()) {
                for (String line : commandLines()) {
                    if (line.contains(PxciProcess.jar().getFileName().toString()) && line.contains("--sandbox")) {
                        sawChild.set(true);
                    }
                    scan("/proc cmdline", line);
                }
                scanTemporaryFiles();
                polls.incrementAndGet();
            }
        }

        private List<String> commandLines() {
            List<String> lines = new ArrayList<>();
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        lines.add(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                                .replace('\0', ' '));
                    } catch (IOException e) {
                        // the process ended while we looked
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return lines;
        }

        private void scanTemporaryFiles() {
            if (!Files.isDirectory(tmp)) {
                return;
            }
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path file : all.toList()) {
                    try {
                        if (Files.isRegularFile(file)) {
                            scan("temporary file " + file, Files.readAllBytes(file));
                            tmpFilesSeen.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // removed while we looked
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a directory vanished during the walk: look again next time
            }
        }
    }
}
