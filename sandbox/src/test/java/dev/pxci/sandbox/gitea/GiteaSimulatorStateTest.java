package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GiteaSimulatorStateTest {
    private static final String WORKFLOW = """
            on:
              push:
                branches: [ release ]
              workflow_dispatch:
            jobs:
              build:
                runs-on: host
                steps:
                  - run: echo hi
            """;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    @TempDir
    Path state;
    @TempDir
    Path work;
    private final List<GiteaSimulator> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(GiteaSimulator::close);
    }

    private GiteaSimulator start(String version) {
        GiteaSimulator sim = GiteaSimulator.builder().version(version).port(0).stateDirectory(state).start();
        started.add(sim);
        return sim;
    }

    private static ApiClient admin(GiteaSimulator sim) {
        return ApiClient.withToken(sim, sim.adminToken());
    }

    private static String mintToken(GiteaSimulator sim, String name) {
        ApiClient.Reply reply = ApiClient.withPassword(sim).call("POST", "/users/" + sim.adminUser() + "/tokens",
                "{\"name\":\"" + name + "\",\"scopes\":[\"write:repository\",\"write:organization\"]}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("sha1").asText();
    }

    private RevCommit commitAndPush(GiteaSimulator sim, String token) throws Exception {
        Path local = work.resolve("local");
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(local.resolve(".gitea/workflows"));
            Files.writeString(local.resolve(".gitea/workflows/pipeline.yml"), WORKFLOW);
            Files.writeString(local.resolve("README.md"), "kept across restarts");
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit().setMessage("first").setAuthor("t", "t@localhost")
                    .setCommitter("t", "t@localhost").call();
            git.push().setRemote(sim.baseUrl() + "/infra/pxci.git")
                    .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"),
                            new RefSpec("refs/heads/main:refs/heads/release"))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", token)).call();
            return commit;
        }
    }

    @Test
    void aSecondStartOnTheSameDirectoryServesTheSameGitea() throws Exception {
        GiteaSimulator first = start("1.26.1");
        ApiClient admin = admin(first);
        assertThat(admin.call("POST", "/orgs", "{\"username\":\"infra\",\"visibility\":\"private\"}").status())
                .isEqualTo(201);
        assertThat(admin.call("POST", "/orgs/infra/repos",
                "{\"name\":\"pxci\",\"description\":\"the project\",\"private\":true}").status()).isEqualTo(201);
        admin.call("PUT", "/orgs/infra/actions/secrets/DEPLOY_KEY", "{\"data\":\"org-secret\"}");
        admin.call("POST", "/orgs/infra/actions/variables/PROXMOX_HOST", "{\"value\":\"pve.example\"}");
        admin.call("PUT", "/repos/infra/pxci/actions/secrets/CI_PASSWORD", "{\"data\":\"repo-secret\"}");
        admin.call("POST", "/repos/infra/pxci/actions/variables/DEPTH", "{\"value\":\"2\"}");
        String runnerToken = admin.call("POST", "/orgs/infra/actions/runners/registration-token", null)
                .json().get("token").asText();
        String token = mintToken(first, "ci");
        String oldAdminToken = first.adminToken();
        String password = first.adminPassword();
        RevCommit pushed = commitAndPush(first, token);
        long pushRun = first.runs("infra", "pxci").get(0).id();
        first.setRunStatus(pushRun, "completed", "success");
        long dispatched = admin.call("POST", "/repos/infra/pxci/actions/workflows/pipeline.yml/dispatches"
                + "?return_run_details=true", "{\"ref\":\"main\"}").json().get("workflow_run_id").asLong();
        first.close();
        started.remove(first);

        GiteaSimulator second = start("1.26.1");
        assertThat(second.adminUser()).isEqualTo("gitea_admin");
        assertThat(second.adminPassword()).isEqualTo(password);
        assertThat(second.organizations()).containsExactly("infra");
        assertThat(second.repository("infra", "pxci")).hasValue(
                new SimulatedRepository("infra", "pxci", "the project", true, "main", true));
        assertThat(second.secrets("infra")).isEqualTo(Map.of("DEPLOY_KEY", "org-secret"));
        assertThat(second.variables("infra")).isEqualTo(Map.of("PROXMOX_HOST", "pve.example"));
        assertThat(second.secrets("infra", "pxci")).isEqualTo(Map.of("CI_PASSWORD", "repo-secret"));
        assertThat(second.variables("infra", "pxci")).isEqualTo(Map.of("DEPTH", "2"));

        ApiClient withOldToken = ApiClient.withToken(second, token);
        assertThat(withOldToken.get("/orgs/infra").json().get("visibility").asText()).isEqualTo("private");
        assertThat(withOldToken.call("POST", "/orgs/infra/actions/runners/registration-token", null)
                .json().get("token").asText()).isEqualTo(runnerToken);
        assertThat(ApiClient.withToken(second, oldAdminToken).get("/orgs/infra").status()).isEqualTo(401);
        assertThat(admin(second).get("/orgs/infra").status()).isEqualTo(200);
        assertThat(ApiClient.withPassword(second).call("POST", "/users/gitea_admin/tokens",
                "{\"name\":\"ci\",\"scopes\":[\"all\"]}").status()).as("token names stay taken").isEqualTo(400);

        assertThat(second.runs("infra", "pxci")).extracting(SimulatedRun::id, SimulatedRun::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(pushRun, "completed"),
                        org.assertj.core.groups.Tuple.tuple(dispatched, "queued"));
        ApiClient.Reply again = withOldToken.call("POST", "/repos/infra/pxci/actions/workflows/pipeline.yml/dispatches"
                + "?return_run_details=true", "{\"ref\":\"main\"}");
        assertThat(again.json().get("workflow_run_id").asLong()).isGreaterThan(Math.max(pushRun, dispatched));
        assertThat(withOldToken.get("/repos/infra/pxci/actions/runs/" + again.json().get("workflow_run_id").asLong())
                .json().get("run_number").asLong()).isEqualTo(3);

        Repository git = second.gitRepository("infra", "pxci").orElseThrow();
        assertThat(git.getDirectory().toPath()).isEqualTo(state.resolve("git/infra/pxci.git"));
        assertThat(git.exactRef("refs/heads/main").getObjectId()).isEqualTo(pushed.getId());
        assertThat(git.exactRef("refs/heads/release").getObjectId()).isEqualTo(pushed.getId());
        assertThat(git.exactRef("HEAD").getTarget().getName()).isEqualTo("refs/heads/main");
        assertThat(fileAt(git, "README.md")).isEqualTo("kept across restarts");

        Path clone = work.resolve("clone");
        try (Git cloned = Git.cloneRepository().setURI(second.baseUrl() + "/infra/pxci.git")
                .setDirectory(clone.toFile())
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", token)).call()) {
            assertThat(cloned.getRepository().resolve("HEAD")).isEqualTo(pushed.getId());
        }
        assertThat(Files.readString(clone.resolve("README.md"))).isEqualTo("kept across restarts");
    }

    private static String fileAt(Repository git, String path) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            RevCommit head = walk.parseCommit(git.resolve("refs/heads/main"));
            try (TreeWalk file = TreeWalk.forPath(git, path, head.getTree())) {
                return new String(git.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void theStateFilesAreTheOwnersOnlyAndHoldNoClearToken() throws Exception {
        GiteaSimulator sim = start("1.26.1");
        admin(sim).call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin(sim).call("PUT", "/orgs/infra/actions/secrets/DEPLOY_KEY", "{\"data\":\"org-secret\"}");
        String token = mintToken(sim, "ci");

        for (String file : List.of("admin.json", "secrets.json", "state.json")) {
            assertThat(Files.getPosixFilePermissions(state.resolve(file))).as(file).isEqualTo(OWNER_ONLY);
        }
        assertThat(Files.readString(state.resolve("secrets.json"))).contains("org-secret");
        assertThat(Files.readString(state.resolve("state.json"))).doesNotContain("org-secret");
        assertThat(Files.readString(state.resolve("admin.json"))).contains(sim.adminPassword());
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(token).doesNotContain(sim.adminToken());
            }
        }
    }

    @Test
    void aDocumentIsReplacedOnlyWhenWhatItHoldsChanges() throws Exception {
        GiteaSimulator sim = start("1.26.1");
        ApiClient admin = admin(sim);
        admin.call("POST", "/orgs", "{\"username\":\"infra\"}");
        Object stateFile = fileKey("state.json");
        Object secretsFile = fileKey("secrets.json");

        assertThat(admin.get("/orgs/infra").status()).isEqualTo(200);
        assertThat(admin.get("/orgs/infra/actions/secrets").status()).isEqualTo(200);
        assertThat(admin.call("POST", "/orgs", "{\"username\":\"infra\"}").status()).isEqualTo(422);
        assertThat(fileKey("state.json")).isEqualTo(stateFile);
        assertThat(fileKey("secrets.json")).isEqualTo(secretsFile);

        admin.call("PUT", "/orgs/infra/actions/secrets/DEPLOY_KEY", "{\"data\":\"v\"}");
        assertThat(fileKey("secrets.json")).isNotEqualTo(secretsFile);
        assertThat(fileKey("state.json")).isEqualTo(stateFile);
        admin.call("POST", "/orgs/infra/actions/variables/HOST", "{\"value\":\"v\"}");
        assertThat(fileKey("state.json")).isNotEqualTo(stateFile);
        try (Stream<Path> entries = Files.list(state)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("admin.json", "secrets.json", "state.json", "lock");
        }
    }

    /** The file's identity (device and inode): a rename over it gives a new one. */
    private Object fileKey(String file) throws IOException {
        Object key = Files.readAttributes(state.resolve(file), BasicFileAttributes.class).fileKey();
        assertThat(key).isNotNull();
        return key;
    }

    @Test
    void repositoryFilesTheStateDoesNotKnowAreNotTakenOver() throws Exception {
        Files.createDirectories(state.resolve("git/infra/pxci.git"));
        GiteaSimulator sim = start("1.26.1");
        admin(sim).call("POST", "/orgs", "{\"username\":\"infra\"}");
        ApiClient.Reply reply = admin(sim).call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json().get("message").asText())
                .isEqualTo("repository files already exist [uname: infra, name: pxci]");
        assertThat(sim.repository("infra", "pxci")).isEmpty();
    }

    @Test
    void oneSimulatorAtATimeUsesADirectory() {
        GiteaSimulator first = start("1.26.1");
        assertThatThrownBy(() -> start("1.26.1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another Gitea simulator is using the state directory");
        first.close();
        started.remove(first);
        assertThat(start("1.26.1").adminUser()).isEqualTo("gitea_admin");
    }

    @Test
    void aDirectoryCanBeUpgradedButNotDowngraded() {
        start("1.24.7").close();
        started.clear();
        start("1.26.1").close();
        started.clear();
        assertThatThrownBy(() -> start("1.24.7")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was last run as 1.26.1 and cannot be downgraded to 1.24.7");
        assertThat(start("1.26.1").version()).isEqualTo("1.26.1");
    }

    @Test
    void theStoredAdminIsKeptAndAnotherNameIsRefused() {
        GiteaSimulator sim = GiteaSimulator.builder().adminUser("root").stateDirectory(state).start();
        String password = sim.adminPassword();
        sim.close();
        assertThatThrownBy(() -> GiteaSimulator.builder().adminUser("alice").stateDirectory(state).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has the admin root, not alice");
        GiteaSimulator again = start("1.26.1");
        assertThat(again.adminUser()).isEqualTo("root");
        assertThat(again.adminPassword()).isEqualTo(password);
    }
}
