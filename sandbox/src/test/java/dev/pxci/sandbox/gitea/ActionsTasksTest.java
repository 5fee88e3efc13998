package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs handed to a runner as Gitea hands them ({@code FetchTask}, {@code UpdateTask},
 * {@code UpdateLog}): in {@code needs} order, only to a runner whose labels cover {@code runs-on},
 * with the organisation's secrets and variables and a task token that clones the run's repository
 * while the task runs; a failed job skips what needs it and completes the run as a failure.
 */
class ActionsTasksTest {
    private static final String WORKFLOW = """
            name: pipeline
            on:
              push:
                branches: [release]
            env:
              SETTING: ${{ vars.SETTING }}
            jobs:
              build:
                runs-on: pxci
                steps:
                  - run: echo build
              test:
                needs: build
                runs-on: pxci
                steps:
                  - run: echo test
              publish:
                needs: [build, test]
                runs-on: pxci
                steps:
                  - run: echo publish
              elsewhere:
                runs-on: other
                steps:
                  - run: echo never here
            """;

    @TempDir
    Path work;
    private GiteaSimulator sim;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void jobsGoOutInNeedsOrderWithSecretsVariablesAndATokenThatReadsTheRepositoryWhileTheTaskRuns() throws Exception {
        sim = GiteaSimulator.builder().version("1.26.1").start();
        ApiClient admin = ApiClient.withToken(sim, sim.adminToken());
        admin.call("POST", "/orgs", "{\"username\":\"srv\"}");
        admin.call("POST", "/orgs/srv/repos", "{\"name\":\"pxci\",\"private\":true}");
        admin.call("POST", "/orgs/srv/actions/variables/SETTING", "{\"value\":\"plain\"}");
        admin.call("PUT", "/orgs/srv/actions/secrets/PASSWORD", "{\"data\":\"s3cr3t-value\"}");
        JsonNode runner = register(admin, "/orgs/srv", "\"pxci:host\"");
        String uuid = runner.path("uuid").asText();
        String credential = runner.path("token").asText();
        push("release");

        JsonNode build = fetch(uuid, credential);
        String payload = new String(Base64.getDecoder().decode(build.path("workflowPayload").asText()), StandardCharsets.UTF_8);
        assertThat(payload).contains("build:").contains("echo build").doesNotContain("echo test").contains("SETTING");
        assertThat(build.path("secrets").path("PASSWORD").asText()).isEqualTo("s3cr3t-value");
        String token = build.path("context").path("token").asText();
        assertThat(build.path("secrets").path("GITEA_TOKEN").asText()).isEqualTo(token).hasSize(40);
        assertThat(build.path("vars").path("SETTING").asText()).isEqualTo("plain");
        assertThat(build.path("context").path("repository").asText()).isEqualTo("srv/pxci");
        assertThat(build.path("context").path("ref_name").asText()).isEqualTo("release");
        assertThat(build.path("context").path("server_url").asText()).isEqualTo(sim.baseUrl());
        assertThat(fetch(uuid, credential).has("id")).as("test waits for build").isFalse();

        Path clone = work.resolve("clone");
        Git.cloneRepository().setURI(sim.baseUrl() + "/srv/pxci.git").setBranch("release").setDirectory(clone.toFile())
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token)).call().close();
        assertThat(clone.resolve(".gitea/workflows/pipeline.yml")).exists();

        JsonNode ack = call("runner.v1.RunnerService/UpdateLog", "{\"taskId\":\"" + build.path("id").asText()
                + "\",\"index\":\"0\",\"rows\":[{\"content\":\"build\"},{\"content\":\"done\"}],\"noMore\":true}",
                new String[] {uuid, credential});
        assertThat(ack.path("ackIndex").asText()).isEqualTo("2");
        end(uuid, credential, build, "RESULT_SUCCESS");
        assertThatThrownBy(() -> Git.cloneRepository().setURI(sim.baseUrl() + "/srv/pxci.git")
                .setDirectory(work.resolve("late").toFile())
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token)).call())
                .as("a finished task's token is void").hasMessageContaining("not authorized");

        JsonNode test = fetch(uuid, credential);
        assertThat(new String(Base64.getDecoder().decode(test.path("workflowPayload").asText()), StandardCharsets.UTF_8))
                .contains("echo test");
        assertThat(test.path("needs").path("build").path("result").asText()).isEqualTo("RESULT_SUCCESS");
        end(uuid, credential, test, "RESULT_FAILURE");
        assertThat(fetch(uuid, credential).has("id")).as("publish is skipped, elsewhere is not for this runner").isFalse();
        SimulatedRun run = sim.runs("srv", "pxci").get(0);
        assertThat(run.status()).as("elsewhere still waits for a runner labelled other").isEqualTo("in_progress");
    }

    @Test
    void aRunWhoseJobsAllEndIsCompletedWithTheirConclusion() throws Exception {
        sim = GiteaSimulator.builder().version("1.26.1").start();
        ApiClient admin = ApiClient.withToken(sim, sim.adminToken());
        admin.call("POST", "/orgs", "{\"username\":\"srv\"}");
        admin.call("POST", "/orgs/srv/repos", "{\"name\":\"pxci\"}");
        JsonNode runner = register(admin, "/admin", "\"pxci:host\",\"other:host\"");
        String uuid = runner.path("uuid").asText();
        String credential = runner.path("token").asText();
        push("release");
        for (int i = 0; i < 4; i++) {
            JsonNode task = fetch(uuid, credential);
            assertThat(task.has("id")).as("task %d", i).isTrue();
            end(uuid, credential, task, "RESULT_SUCCESS");
        }
        assertThat(fetch(uuid, credential).has("id")).isFalse();
        SimulatedRun run = sim.runs("srv", "pxci").get(0);
        assertThat(run.status()).isEqualTo("completed");
        assertThat(run.conclusion()).contains("success");
    }

    /** Registers runner r1 with a token of the scope ({@code /orgs/srv} or {@code /admin}) and these labels (JSON strings). */
    private JsonNode register(ApiClient admin, String scope, String labels) throws Exception {
        String registration = admin.call("POST", scope + "/actions/runners/registration-token", null).json()
                .get("token").asText();
        return call("runner.v1.RunnerService/Register", "{\"name\":\"r1\",\"token\":\"" + registration
                + "\",\"labels\":[" + labels + "]}", null).path("runner");
    }

    private void push(String branch) throws Exception {
        Path local = work.resolve("local");
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch(branch).call()) {
            Files.createDirectories(local.resolve(".gitea/workflows"));
            Files.writeString(local.resolve(".gitea/workflows/pipeline.yml"), WORKFLOW);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("release").setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
            git.push().setRemote(sim.baseUrl() + "/srv/pxci.git").setRefSpecs(new RefSpec(branch + ":" + branch))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x", sim.adminToken())).call();
        }
    }

    private JsonNode fetch(String uuid, String credential) throws Exception {
        return call("runner.v1.RunnerService/FetchTask", "{\"tasksVersion\":\"0\"}", new String[] {uuid, credential})
                .path("task");
    }

    private void end(String uuid, String credential, JsonNode task, String result) throws Exception {
        JsonNode state = call("runner.v1.RunnerService/UpdateTask", "{\"state\":{\"id\":\"" + task.path("id").asText()
                + "\",\"result\":\"" + result + "\"}}", new String[] {uuid, credential});
        assertThat(state.path("state").path("result").asText()).isEqualTo(result);
    }

    private JsonNode call(String procedure, String body, String[] runner) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/actions/" + procedure))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (runner != null) {
            request.header("x-runner-uuid", runner[0]).header("x-runner-token", runner[1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(procedure + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
