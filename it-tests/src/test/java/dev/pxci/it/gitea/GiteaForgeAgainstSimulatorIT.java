package dev.pxci.it.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.adapter.gitea.GiteaForgeFactory;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.CommitAuthor;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeScope;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.forge.RepositorySettings;
import dev.pxci.ports.forge.WorkflowRun;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.gitea.RecordedRequest;
import dev.pxci.sandbox.gitea.SimulatedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gitea adapter against the sandbox's Gitea simulator: real HTTP, real git pushes, both simulated releases. */
class GiteaForgeAgainstSimulatorIT {
    private static final RepositoryRef REPO = new RepositoryRef("infra", "pxci");
    private static final RepositorySettings SETTINGS = new RepositorySettings("pxci pipeline", true, "main", true);
    private static final CommitAuthor AUTHOR = new CommitAuthor("Pat Doe", "pat@example.org");
    private static final String WORKFLOW = """
            on:
              push:
                branches: [ release ]
              workflow_dispatch:
            jobs:
              pipeline:
                runs-on: host
                steps:
                  - run: pxci apply
            """;

    @TempDir
    Path work;
    private GiteaSimulator sim;
    private Forge forge;
    private final List<String> secretValues = new ArrayList<>();
    private final List<PxciException> errorsSeen = new CopyOnWriteArrayList<>();

    private Forge start(String version, boolean mintFromPassword) {
        sim = GiteaSimulator.builder().version(version).port(0).start();
        AdapterConfig config = mintFromPassword
                ? new AdapterConfig(Map.of("gitea.url", sim.baseUrl(), "gitea.user", sim.adminUser(),
                        "gitea.poll-interval", "20ms"), Map.of("gitea.password", Secret.of(sim.adminPassword())))
                : new AdapterConfig(Map.of("gitea.url", sim.baseUrl(), "gitea.poll-interval", "20ms"),
                        Map.of("gitea.token", Secret.of(sim.adminToken())));
        forge = new GiteaForgeFactory().create(config);
        secretValues.add(sim.adminToken());
        secretValues.add(sim.adminPassword());
        return forge;
    }

    @AfterEach
    void stop() {
        if (forge != null) {
            forge.close();
        }
        if (sim != null) {
            assertNoSecretLeaked();
            sim.close();
        }
    }

    /** The secret scan: no token, password or secret value in any URL or header the simulator saw, nor in errors. */
    private void assertNoSecretLeaked() {
        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).isNotEmpty();
        for (RecordedRequest request : requests) {
            for (String secret : secretValues) {
                assertThat(request.pathAndQuery()).doesNotContain(secret);
                assertThat(request.headers().toString()).doesNotContain(secret);
            }
            assertThat(request.headers().keySet()).noneMatch("Authorization"::equalsIgnoreCase);
        }
        for (PxciException e : errorsSeen) {
            for (String secret : secretValues) {
                assertThat(e.getMessage() + e.hint().orElse("")).doesNotContain(secret);
            }
        }
    }

    private PxciException failure(Runnable action) {
        try {
            action.run();
        } catch (PxciException e) {
            errorsSeen.add(e);
            return e;
        }
        throw new AssertionError("expected a PxciException");
    }

    private PushRequest pushOf(Path tree, String branch, boolean force) {
        return new PushRequest(tree, REPO, branch, "pipeline source [skip ci]", AUTHOR, force);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.24.7", "1.26.1"})
    void organizationAndRepositoryAreCreatedOnceAndThenLeftAlone(String version) {
        start(version, true);
        assertThat(forge.info().version()).isEqualTo(version);
        assertThat(forge.ensureOrganization("infra")).isEqualTo(Change.CREATED);
        assertThat(forge.ensureOrganization("infra")).isEqualTo(Change.UNCHANGED);
        assertThat(forge.ensureRepository(REPO, SETTINGS)).isEqualTo(Change.CREATED);
        assertThat(forge.ensureRepository(REPO, SETTINGS)).isEqualTo(Change.UNCHANGED);
        assertThat(sim.organizations()).containsExactly("infra");

        RepositorySettings changed = new RepositorySettings("new description", false, "main", false);
        assertThat(forge.ensureRepository(REPO, changed)).isEqualTo(Change.UPDATED);
        assertThat(forge.ensureRepository(REPO, changed)).isEqualTo(Change.UNCHANGED);
        assertThat(sim.repository("infra", "pxci")).hasValueSatisfying(r -> {
            assertThat(r.description()).isEqualTo("new description");
            assertThat(r.isPrivate()).isFalse();
            assertThat(r.hasActions()).isFalse();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.24.7", "1.26.1"})
    void secretsAreWrittenAndVariablesOnlyWhenTheirValueChanged(String version) {
        start(version, false);
        forge.ensureOrganization("infra");
        forge.ensureRepository(REPO, SETTINGS);
        secretValues.add("s3cret-deploy-key");
        ForgeScope org = ForgeScope.organisation("infra");
        ForgeScope repo = ForgeScope.repository(REPO);

        assertThat(forge.putSecret(org, "deploy_key", Secret.of("s3cret-deploy-key"))).isEqualTo(Change.CREATED);
        assertThat(forge.putSecret(org, "deploy_key", Secret.of("s3cret-deploy-key"))).isEqualTo(Change.UPDATED);
        assertThat(forge.putSecret(repo, "PVE_TOKEN", Secret.of("s3cret-deploy-key"))).isEqualTo(Change.CREATED);
        assertThat(sim.secrets("infra")).containsEntry("DEPLOY_KEY", "s3cret-deploy-key");
        assertThat(sim.secrets("infra", "pxci")).containsOnlyKeys("PVE_TOKEN");

        assertThat(forge.putVariable(repo, "proxmox_host", "10.0.0.2")).isEqualTo(Change.CREATED);
        assertThat(forge.putVariable(repo, "proxmox_host", "10.0.0.2")).isEqualTo(Change.UNCHANGED);
        assertThat(forge.putVariable(repo, "proxmox_host", "10.0.0.3")).isEqualTo(Change.UPDATED);
        assertThat(forge.putVariable(repo, "proxmox_host", "10.0.0.3")).isEqualTo(Change.UNCHANGED);
        assertThat(sim.variables("infra", "pxci")).containsExactly(Map.entry("PROXMOX_HOST", "10.0.0.3"));
        assertThat(forge.putVariable(org, "ID", "101")).isEqualTo(Change.CREATED);
        assertThat(sim.variables("infra")).containsEntry("ID", "101");

        assertThat(failure(() -> forge.putVariable(repo, "GITEA_X", "1")).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void aTreeOf500FilesLandsWithTheSameTreeIdAndASecondPushChangesNothing() throws Exception {
        start("1.26.1", true);
        forge.ensureOrganization("infra");
        forge.ensureRepository(REPO, SETTINGS);
        Path tree = work.resolve("tree");
        for (int i = 0; i < 500; i++) {
            Path file = tree.resolve("dir" + (i % 17)).resolve("sub" + (i % 3)).resolve("file-" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of file " + i + "\n");
        }
        Path script = tree.resolve("dir0/run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ObjectId expectedTree = treeIdByJGitCommit(tree);

        PushResult first = forge.push(pushOf(tree, "main", false));
        assertThat(first.change()).isEqualTo(Change.CREATED);
        assertThat(first.treeId()).isEqualTo(expectedTree.name());

        Repository bare = sim.gitRepository("infra", "pxci").orElseThrow();
        Ref main = bare.exactRef("refs/heads/main");
        assertThat(main.getObjectId().name()).isEqualTo(first.commitId());
        try (RevWalk walk = new RevWalk(bare)) {
            RevCommit commit = walk.parseCommit(main.getObjectId());
            assertThat(commit.getTree().getId()).isEqualTo(expectedTree);
            assertThat(commit.getParentCount()).isZero();
            assertThat(commit.getAuthorIdent().getName()).isEqualTo("Pat Doe");
            assertThat(commit.getCommitterIdent().getName()).isEqualTo("pxci");
            assertThat(commit.getFullMessage()).startsWith("pipeline source [skip ci]").contains("Pushed-by: pxci");
            int files = 0;
            try (TreeWalk walkTree = new TreeWalk(bare)) {
                walkTree.addTree(commit.getTree());
                walkTree.setRecursive(true);
                while (walkTree.next()) {
                    files++;
                    if (walkTree.getPathString().equals("dir0/run.sh")) {
                        assertThat(walkTree.getFileMode(0)).isEqualTo(FileMode.EXECUTABLE_FILE);
                    }
                }
            }
            assertThat(files).isEqualTo(501);
        }
        assertThat(sim.runs("infra", "pxci")).isEmpty();

        PushResult second = forge.push(pushOf(tree, "main", false));
        assertThat(second.change()).isEqualTo(Change.UNCHANGED);
        assertThat(second.commitId()).isEqualTo(first.commitId());
        assertThat(bare.exactRef("refs/heads/main").getObjectId().name()).isEqualTo(first.commitId());

        Files.writeString(tree.resolve("dir1/new.txt"), "new\n");
        PushResult third = forge.push(pushOf(tree, "main", false));
        assertThat(third.change()).isEqualTo(Change.UPDATED);
        try (RevWalk walk = new RevWalk(bare)) {
            assertThat(walk.parseCommit(ObjectId.fromString(third.commitId())).getParent(0).name())
                    .isEqualTo(first.commitId());
        }
    }

    /** The tree id git itself computes for the directory (an independent JGit working tree and commit). */
    private ObjectId treeIdByJGitCommit(Path tree) throws Exception {
        Path copy = work.resolve("reference");
        try (var files = Files.walk(tree)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(tree.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Git git = Git.init().setDirectory(copy.toFile()).call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("reference").setAuthor("r", "r@localhost").setCommitter("r", "r@localhost")
                    .call().getTree().getId();
        }
    }

    @Test
    void aBranchWithSomeoneElsesHeadIsNotReplacedUnlessForced() throws Exception {
        start("1.26.1", false);
        forge.ensureOrganization("infra");
        forge.ensureRepository(REPO, SETTINGS);
        Path theirs = work.resolve("theirs");
        try (Git git = Git.init().setDirectory(theirs.toFile()).setInitialBranch("main").call()) {
            Files.writeString(theirs.resolve("notes.md"), "hand-made\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("by hand").setAuthor("Ann", "ann@example.org").setCommitter("Ann", "ann@example.org").call();
            git.push().setRemote(sim.baseUrl() + "/infra/pxci.git").setRefSpecs(new RefSpec("main:main"))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("ann", sim.adminToken())).call();
        }
        ObjectId handMade = sim.gitRepository("infra", "pxci").orElseThrow().exactRef("refs/heads/main").getObjectId();
        Path tree = work.resolve("tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("README.md"), "ours\n");

        PxciException refused = failure(() -> forge.push(pushOf(tree, "main", false)));
        assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused.getMessage()).contains("Ann <ann@example.org>", "pxci did not make");
        assertThat(sim.gitRepository("infra", "pxci").orElseThrow().exactRef("refs/heads/main").getObjectId())
                .isEqualTo(handMade);

        PushResult forced = forge.push(pushOf(tree, "main", true));
        assertThat(forced.change()).isEqualTo(Change.UPDATED);
        try (RevWalk walk = new RevWalk(sim.gitRepository("infra", "pxci").orElseThrow())) {
            assertThat(walk.parseCommit(ObjectId.fromString(forced.commitId())).getParent(0).getId()).isEqualTo(handMade);
        }
        assertThat(forge.push(pushOf(tree, "main", false)).change()).isEqualTo(Change.UNCHANGED);
    }

    @Test
    void aPushToReleaseStartsARunThatFollowReportsToItsEnd() throws Exception {
        start("1.26.1", false);
        forge.ensureOrganization("infra");
        forge.ensureRepository(REPO, SETTINGS);
        Path tree = work.resolve("tree");
        Files.createDirectories(tree.resolve(".gitea/workflows"));
        Files.writeString(tree.resolve(".gitea/workflows/pipeline.yml"), WORKFLOW);
        forge.push(pushOf(tree, "main", false));
        assertThat(sim.runs("infra", "pxci")).isEmpty();

        forge.push(new PushRequest(tree, REPO, "release", "trigger", AUTHOR, false));
        WorkflowRun latest = forge.latestRun(REPO, "release").orElseThrow();
        assertThat(latest.status()).isEqualTo("queued");
        SimulatedRun simulated = sim.runs("infra", "pxci").get(0);
        assertThat(simulated.event()).isEqualTo("push");
        assertThat(latest.id()).isEqualTo(simulated.id());

        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        CompletableFuture<WorkflowRun> followed = CompletableFuture.supplyAsync(() ->
                forge.follow(REPO, latest.id(), Duration.ofSeconds(60), run -> changes.add(run.status())));
        assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo("queued");
        sim.setRunStatus(latest.id(), "in_progress", null);
        assertThat(changes.poll(30, TimeUnit.SECONDS)).isEqualTo("in_progress");
        sim.setRunStatus(latest.id(), "completed", "success");
        WorkflowRun done = followed.get(60, TimeUnit.SECONDS);
        assertThat(done.succeeded()).isTrue();
        assertThat(changes).containsExactly("completed");
    }

    @Test
    void aWrongTokenIsUnauthorizedForApiAndPush() throws Exception {
        sim = GiteaSimulator.builder().port(0).start();
        secretValues.addAll(List.of("f".repeat(40), sim.adminToken(), sim.adminPassword()));
        forge = new GiteaForgeFactory().create(new AdapterConfig(Map.of("gitea.url", sim.baseUrl()),
                Map.of("gitea.token", Secret.of("f".repeat(40)))));
        assertThat(failure(() -> forge.ensureOrganization("infra")).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        Path tree = work.resolve("tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("a"), "a");
        ApiSetup.createRepository(sim);
        assertThat(failure(() -> forge.push(pushOf(tree, "main", false))).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    /** Creates infra/pxci with the admin's own token, independent of the adapter under test. */
    private static final class ApiSetup {
        static void createRepository(GiteaSimulator sim) throws Exception {
            var http = java.net.http.HttpClient.newHttpClient();
            for (String[] call : new String[][] {{"/api/v1/orgs", "{\"username\":\"infra\"}"},
                    {"/api/v1/orgs/infra/repos", "{\"name\":\"pxci\"}"}}) {
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + call[0]))
                        .header("Authorization", "token " + sim.adminToken()).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(call[1])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(201);
            }
        }
    }
}
