package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GiteaSimulatorGitTest {
    private static final String PUSH_WORKFLOW = """
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

    @TempDir
    Path work;
    private GiteaSimulator sim;
    private ApiClient admin;

    @BeforeEach
    void start() {
        sim = GiteaSimulator.builder().version("1.26.1").port(0).start();
        admin = ApiClient.withToken(sim, sim.adminToken());
        admin.call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin.call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\",\"private\":true}");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String remote() {
        return sim.baseUrl() + "/infra/pxci.git";
    }

    private Git localRepo(String file, String content, String message) throws Exception {
        Git git = Git.init().setDirectory(work.resolve("local").toFile()).setInitialBranch("main").call();
        Path target = work.resolve("local").resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
        return git;
    }

    private void push(Git git, String refSpec) throws GitAPIException {
        git.push().setRemote(remote()).setRefSpecs(new org.eclipse.jgit.transport.RefSpec(refSpec))
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", sim.adminToken())).call();
    }

    @Test
    void jgitPushWithATokenLandsInTheBareRepository() throws Exception {
        try (Git git = localRepo("README.md", "hello", "first")) {
            RevCommit head = git.log().call().iterator().next();
            push(git, "refs/heads/main:refs/heads/main");

            Ref pushed = sim.gitRepository("infra", "pxci").orElseThrow().exactRef("refs/heads/main");
            assertThat(pushed.getObjectId()).isEqualTo(head.getId());
            assertThat(admin.get("/repos/infra/pxci").json().get("empty").asBoolean()).isFalse();

            Path clone = work.resolve("clone");
            try (Git cloned = Git.cloneRepository().setURI(remote()).setDirectory(clone.toFile())
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", sim.adminToken()))
                    .call()) {
                assertThat(Files.readString(clone.resolve("README.md"))).isEqualTo("hello");
                assertThat(cloned.getRepository().resolve("HEAD")).isEqualTo(head.getId());
            }
        }
    }

    @Test
    void pushWithoutCredentialsOrWithAReadOnlyTokenIsRefused() throws Exception {
        String readOnly = ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens",
                "{\"name\":\"ro\",\"scopes\":[\"read:repository\"]}").json().get("sha1").asText();
        try (Git git = localRepo("a.txt", "a", "first")) {
            assertThatThrownBy(() -> git.push().setRemote(remote()).call()).isInstanceOf(TransportException.class);
            assertThatThrownBy(() -> git.push().setRemote(remote())
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", readOnly)).call())
                    .isInstanceOf(TransportException.class);
        }
        assertThat(sim.gitRepository("infra", "pxci").orElseThrow().getRefDatabase().getRefs()).isEmpty();
        assertThat(sim.requests()).anyMatch(r -> r.pathAndQuery().equals("/infra/pxci.git/info/refs?service=git-receive-pack"));
        assertThat(sim.requests()).allMatch(r -> !r.headers().containsKey("Authorization"));
    }

    @Test
    void pushToAMatchingBranchQueuesARunUnlessTheMessageSkipsCi() throws Exception {
        try (Git git = localRepo(".gitea/workflows/pipeline.yml", PUSH_WORKFLOW, "workflows")) {
            push(git, "refs/heads/main:refs/heads/main");
            assertThat(sim.runs("infra", "pxci")).isEmpty();

            push(git, "refs/heads/main:refs/heads/release");
            List<SimulatedRun> runs = sim.runs("infra", "pxci");
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.event()).isEqualTo("push");
                assertThat(run.branch()).isEqualTo("release");
                assertThat(run.status()).isEqualTo("queued");
                assertThat(run.workflowFile()).isEqualTo("pipeline.yml");
            });

            Files.writeString(work.resolve("local/b.txt"), "b");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("more [skip ci]").setAuthor("t", "t@localhost").call();
            push(git, "refs/heads/main:refs/heads/release");
            assertThat(sim.runs("infra", "pxci")).hasSize(1);
        }
    }

    @Test
    void dispatchReturnsTheRunIn126AndTheRunFollowsTheAdminHook() throws Exception {
        try (Git git = localRepo(".gitea/workflows/pipeline.yml", PUSH_WORKFLOW, "workflows")) {
            push(git, "refs/heads/main:refs/heads/main");
        }
        String path = "/repos/infra/pxci/actions/workflows/pipeline.yml/dispatches";
        ApiClient.Reply plain = admin.call("POST", path, "{\"ref\":\"refs/heads/main\"}");
        assertThat(plain.status()).isEqualTo(204);
        ApiClient.Reply detailed = admin.call("POST", path + "?return_run_details=true", "{\"ref\":\"main\"}");
        assertThat(detailed.status()).isEqualTo(200);
        long runId = detailed.json().get("workflow_run_id").asLong();
        assertThat(detailed.json().get("html_url").asText()).isEqualTo(sim.baseUrl() + "/infra/pxci/actions/runs/2");

        assertThat(admin.get("/repos/infra/pxci/actions/runs/" + runId).json().get("status").asText())
                .isEqualTo("queued");
        sim.setRunStatus(runId, "completed", "success");
        ApiClient.Reply run = admin.get("/repos/infra/pxci/actions/runs/" + runId);
        assertThat(run.json().get("conclusion").asText()).isEqualTo("success");
        ApiClient.Reply list = admin.get("/repos/infra/pxci/actions/runs?event=workflow_dispatch&branch=main&limit=1");
        assertThat(list.json().get("total_count").asInt()).isEqualTo(2);
        assertThat(list.json().get("workflow_runs").get(0).get("id").asLong()).isEqualTo(runId);

        assertThat(admin.call("POST", "/repos/infra/pxci/actions/workflows/missing.yml/dispatches",
                "{\"ref\":\"main\"}").status()).isEqualTo(404);
        assertThat(admin.call("POST", path, "{\"ref\":\"refs/heads/nope\"}").status()).isEqualTo(404);
    }

    @Test
    void theGitCommandLinePushesAndClonesToo() throws Exception {
        Path local = work.resolve("cli");
        Files.createDirectories(local);
        Files.writeString(local.resolve("file.txt"), "from git");
        String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                ("pxci:" + sim.adminToken()).getBytes(StandardCharsets.UTF_8));
        git(local, basic, "init", "-q", "-b", "main");
        git(local, basic, "add", ".");
        git(local, basic, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "cli");
        git(local, basic, "push", "-q", remote(), "main:main");
        assertThat(sim.gitRepository("infra", "pxci").orElseThrow().exactRef("refs/heads/main")).isNotNull();

        git(work, basic, "clone", "-q", remote(), "cli-clone");
        assertThat(Files.readString(work.resolve("cli-clone/file.txt"))).isEqualTo("from git");
    }

    /** Runs git with the credentials in the environment (GIT_CONFIG_*), never on the command line. */
    private static void git(Path dir, String authHeader, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_COUNT", "1");
        pb.environment().put("GIT_CONFIG_KEY_0", "http.extraHeader");
        pb.environment().put("GIT_CONFIG_VALUE_0", authHeader);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", String.join(" ", args), output).isZero();
    }
}
