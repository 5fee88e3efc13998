package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations around the resources the simulator serves, as Gitea's OpenAPI documents list
 * them: lists with Gitea's paging, deletes, the properties Gitea fills, and visibility.
 */
class GiteaSimulatorOperationsTest {
    @TempDir
    Path work;
    private GiteaSimulator sim;

    private GiteaSimulator start(String version) {
        sim = GiteaSimulator.builder().version(version).start();
        return sim;
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private ApiClient admin() {
        return ApiClient.withToken(sim, sim.adminToken());
    }

    @Test
    void listsArePagedWithTotalCountAndAbsoluteLinks() {
        start("1.26.1");
        for (int i = 1; i <= 5; i++) {
            assertThat(admin().call("POST", "/orgs", "{\"username\":\"org" + i + "\"}").status()).isEqualTo(201);
        }
        ApiClient.Reply second = admin().get("/orgs?limit=2&page=2");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).hasSize(2);
        assertThat(second.json().get(0).get("username").asText()).isEqualTo("org3");
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        String api = sim.baseUrl() + "/api/v1/orgs";
        assertThat(second.header("Link")).isEqualTo("<" + api + "?limit=2&page=3>; rel=\"next\","
                + "<" + api + "?limit=2&page=3>; rel=\"last\","
                + "<" + api + "?limit=2&page=1>; rel=\"first\","
                + "<" + api + "?limit=2&page=1>; rel=\"prev\"");

        ApiClient.Reply all = admin().get("/orgs");
        assertThat(all.json()).hasSize(5);
        assertThat(all.header("Link")).isNull();
        assertThat(admin().get("/orgs?limit=x").json()).as("a limit that is no number is unset").hasSize(5);
        assertThat(admin().get("/orgs?limit=2&page=9").json()).isEmpty();
    }

    @Test
    void secretsAndVariablesCanBeDeletedAndVariablesKeepTheirDescription() {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        String secret = "/repos/infra/pxci/actions/secrets/DEPLOY_KEY";
        assertThat(admin().call("PUT", secret, "{\"data\":\"v\",\"description\":\"the key\"}").status()).isEqualTo(201);
        JsonNode listed = admin().get("/repos/infra/pxci/actions/secrets").json().get(0);
        assertThat(listed.get("description").asText()).isEqualTo("the key");
        assertThat(listed.has("data")).as("values are write-only").isFalse();
        assertThat(admin().call("DELETE", secret, null).status()).isEqualTo(204);
        assertThat(admin().call("DELETE", secret, null).status()).isEqualTo(404);
        assertThat(sim.secrets("infra", "pxci")).isEmpty();

        String variable = "/orgs/infra/actions/variables/HOST";
        assertThat(admin().call("POST", variable, "{\"value\":\"a\",\"description\":\"where\"}").status())
                .isEqualTo(201);
        assertThat(admin().get(variable).json().get("description").asText()).isEqualTo("where");
        assertThat(admin().call("PUT", variable, "{\"value\":\"b\",\"description\":\"there\"}").status())
                .isEqualTo(204);
        JsonNode updated = admin().get("/orgs/infra/actions/variables").json().get(0);
        assertThat(updated.get("data").asText()).isEqualTo("b");
        assertThat(updated.get("description").asText()).isEqualTo("there");
        assertThat(admin().call("DELETE", variable, null).status()).isEqualTo(204);
        assertThat(admin().get(variable).status()).isEqualTo(404);
        assertThat(admin().call("DELETE", variable, null).status()).isEqualTo(404);
    }

    @Test
    void organizationsAreListedEditedAndDeletedOnlyWithoutRepositories() {
        start("1.24.7");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        assertThat(admin().get("/orgs/infra/repos").json().get(0).get("name").asText()).isEqualTo("pxci");
        assertThat(admin().get("/user/orgs").json().get(0).get("username").asText()).isEqualTo("infra");
        assertThat(admin().call("PATCH", "/orgs/infra", "{\"description\":\"ops\",\"visibility\":\"limited\"}")
                .json().get("visibility").asText()).isEqualTo("limited");
        assertThat(admin().call("DELETE", "/orgs/infra", null).status()).isEqualTo(409);
        assertThat(admin().call("DELETE", "/repos/infra/pxci", null).status()).isEqualTo(204);
        assertThat(admin().get("/repos/infra/pxci").status()).isEqualTo(404);
        assertThat(admin().call("DELETE", "/orgs/infra", null).status()).isEqualTo(204);
        assertThat(admin().get("/orgs").json()).isEmpty();
    }

    @Test
    void privateResourcesAreHiddenFromAnonymousReadersWith404() {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"open\"}");
        admin().call("POST", "/orgs", "{\"username\":\"closed\",\"visibility\":\"private\"}");
        admin().call("POST", "/orgs/open/repos", "{\"name\":\"public\"}");
        admin().call("POST", "/orgs/open/repos", "{\"name\":\"secret\",\"private\":true}");
        ApiClient anonymous = ApiClient.anonymous(sim);
        assertThat(anonymous.get("/repos/open/public").status()).isEqualTo(200);
        assertThat(anonymous.get("/repos/open/secret").status()).isEqualTo(404);
        assertThat(anonymous.get("/repos/open/secret").json().get("message").asText()).isEqualTo("not found");
        assertThat(anonymous.get("/repos/open/secret/actions/secrets").status()).isEqualTo(404);
        assertThat(anonymous.get("/orgs/closed").status()).isEqualTo(404);
        assertThat(anonymous.get("/orgs").json()).extracting(o -> o.get("username").asText()).containsExactly("open");
        assertThat(anonymous.get("/orgs/open/repos").json()).extracting(r -> r.get("name").asText())
                .containsExactly("public");
        assertThat(anonymous.get("/repos/open/public/actions/secrets").status()).as("visible, but needs a token")
                .isEqualTo(401);
        assertThat(anonymous.call("PATCH", "/repos/open/public", "{\"description\":\"x\"}").status()).isEqualTo(401);
        assertThat(admin().get("/repos/open/secret").status()).isEqualTo(200);
    }

    @Test
    void repositoriesCarryWhatGiteaFillsIn() {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        JsonNode repo = admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}").json();
        assertThat(repo.get("url").asText()).isEqualTo(sim.baseUrl() + "/api/v1/repos/infra/pxci");
        assertThat(repo.get("owner").get("login").asText()).isEqualTo("infra");
        List<String> missing = new ArrayList<>();
        for (String property : List.of("allow_merge_commits", "archived_at", "avatar_url", "created_at",
                "default_merge_style", "forks_count", "has_packages", "has_projects", "has_releases",
                "internal_tracker", "languages_url", "link", "mirror_interval", "open_issues_count", "parent",
                "permissions", "size", "stars_count", "topics", "updated_at", "watchers_count", "website")) {
            if (!repo.has(property)) {
                missing.add(property);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void workflowsAreListedAndADisabledOneCannotBeDispatched() throws Exception {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        Path local = work.resolve("local");
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(local.resolve(".gitea/workflows"));
            Files.writeString(local.resolve(".gitea/workflows/pipeline.yml"),
                    "on:\n  workflow_dispatch:\njobs:\n  a:\n    runs-on: pxci\n    steps:\n      - run: 'true'\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
            git.push().setRemote(sim.baseUrl() + "/infra/pxci.git").setRefSpecs(new RefSpec("main:main"))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x", sim.adminToken())).call();
        }
        ApiClient.Reply workflows = admin().get("/repos/infra/pxci/actions/workflows");
        assertThat(workflows.json().get("total_count").asInt()).isEqualTo(1);
        JsonNode workflow = workflows.json().get("workflows").get(0);
        assertThat(workflow.get("id").asText()).isEqualTo("pipeline.yml");
        assertThat(workflow.get("path").asText()).isEqualTo(".gitea/workflows/pipeline.yml");
        assertThat(workflow.get("state").asText()).isEqualTo("active");
        assertThat(workflows.header("X-Total-Count")).isEqualTo("1");
        String one = "/repos/infra/pxci/actions/workflows/pipeline.yml";
        assertThat(admin().call("PUT", one + "/disable", null).status()).isEqualTo(204);
        assertThat(admin().get(one).json().get("state").asText()).isEqualTo("disabled_manually");
        assertThat(admin().call("POST", one + "/dispatches", "{\"ref\":\"main\"}").status()).isEqualTo(403);
        assertThat(admin().call("PUT", one + "/enable", null).status()).isEqualTo(204);
        assertThat(admin().call("POST", one + "/dispatches?return_run_details=true", "{\"ref\":\"main\"}").status())
                .isEqualTo(200);
        assertThat(admin().get("/repos/infra/pxci/actions/workflows/nope.yml").status()).isEqualTo(404);

        JsonNode run = admin().get("/repos/infra/pxci/actions/runs").json().get("workflow_runs").get(0);
        assertThat(run.get("repository").get("full_name").asText()).isEqualTo("infra/pxci");
        assertThat(run.get("actor").get("login").asText()).isEqualTo(sim.adminUser());
        assertThat(run.get("repository_id").asLong()).isEqualTo(run.get("repository").get("id").asLong());
        long id = run.get("id").asLong();
        assertThat(admin().call("DELETE", "/repos/infra/pxci/actions/runs/" + id, null).status())
                .as("a run still queued").isEqualTo(400);
        sim.setRunStatus(id, "completed", "success");
        assertThat(admin().call("DELETE", "/repos/infra/pxci/actions/runs/" + id, null).status()).isEqualTo(204);
        assertThat(admin().get("/repos/infra/pxci/actions/runs/" + id).status()).isEqualTo(404);
    }

    @Test
    void registeredRunnersAreListedDisabledIn126AndDeleted() throws Exception {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        String token = admin().call("POST", "/orgs/infra/actions/runners/registration-token", null).json()
                .get("token").asText();
        java.net.http.HttpResponse<String> registered = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl()
                        + "/api/actions/runner.v1.RunnerService/Register")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"r1\",\"token\":\""
                                + token + "\",\"labels\":[\"pxci\"]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        ApiClient.Reply listed = admin().get("/orgs/infra/actions/runners");
        assertThat(listed.json().get("total_count").asInt()).isEqualTo(1);
        assertThat(listed.header("X-Total-Count")).isEqualTo("1");
        JsonNode runner = listed.json().get("runners").get(0);
        assertThat(runner.get("labels").get(0).get("name").asText()).isEqualTo("pxci");
        assertThat(runner.get("disabled").asBoolean()).isFalse();
        String path = "/orgs/infra/actions/runners/" + runner.get("id").asLong();
        assertThat(admin().call("PATCH", path, "{\"disabled\":true}").json().get("disabled").asBoolean()).isTrue();
        assertThat(admin().get("/admin/actions/runners").json().get("runners").get(0).get("disabled").asBoolean())
                .isTrue();
        assertThat(admin().call("DELETE", path, null).status()).isEqualTo(204);
        assertThat(admin().get(path).status()).isEqualTo(404);
    }

    @Test
    void tokensAreListedAndDeletedWithThePassword() {
        start("1.26.1");
        ApiClient password = ApiClient.withPassword(sim);
        String user = "/users/" + sim.adminUser() + "/tokens";
        assertThat(password.call("POST", user, "{\"name\":\"ci\",\"scopes\":[\"read:user\"]}").status())
                .isEqualTo(201);
        JsonNode tokens = password.get(user).json();
        assertThat(tokens).extracting(t -> t.get("name").asText()).contains("ci");
        assertThat(tokens.get(0).get("sha1").asText()).as("never shown again").isEmpty();
        assertThat(admin().get(user).status()).isEqualTo(401);
        assertThat(password.call("DELETE", user + "/ci", null).status()).isEqualTo(204);
        assertThat(password.call("DELETE", user + "/ci", null).status()).isEqualTo(404);
    }
}
