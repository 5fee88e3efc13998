package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GiteaSimulatorApiTest {
    private GiteaSimulator sim;

    private GiteaSimulator start(String version) {
        sim = GiteaSimulator.builder().version(version).port(0).start();
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
    void versionEndpointAnswersTheSimulatedReleaseOnLoopback() {
        start("1.24.7");
        assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
        ApiClient.Reply reply = ApiClient.anonymous(sim).get("/version");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("version").asText()).isEqualTo("1.24.7");
    }

    @Test
    void unknownVersionIsRefused() {
        assertThatThrownBy(() -> GiteaSimulator.builder().version("1.19.0").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.24.7 or 1.26.1");
    }

    @Test
    void tokensAreMintedOnlyWithBasicAuthAndAPassword() {
        start("1.26.1");
        String body = "{\"name\":\"ci\",\"scopes\":[\"write:repository\"]}";
        assertThat(admin().call("POST", "/users/gitea_admin/tokens", body).status()).isEqualTo(401);

        ApiClient.Reply created = ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens", body);
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("sha1").asText();
        assertThat(token).hasSize(40);
        assertThat(created.json().get("token_last_eight").asText()).isEqualTo(token.substring(32));

        ApiClient.Reply again = ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens", body);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("message").asText()).isEqualTo("access token name has been used already");
        assertThat(ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens",
                "{\"name\":\"x\",\"scopes\":[\"write:everything\"]}").status()).isEqualTo(400);
    }

    @Test
    void tokenScopesAreEnforced() {
        start("1.26.1");
        String token = ApiClient.withPassword(sim).call("POST", "/users/gitea_admin/tokens",
                "{\"name\":\"repo-only\",\"scopes\":[\"write:repository\"]}").json().get("sha1").asText();
        ApiClient.Reply reply = ApiClient.withToken(sim, token).call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("required=[write:organization]");
        assertThat(ApiClient.anonymous(sim).call("POST", "/orgs", "{\"username\":\"infra\"}").status())
                .isEqualTo(401);
        assertThat(ApiClient.withToken(sim, "0".repeat(40)).get("/orgs/infra").status()).isEqualTo(401);
    }

    @Test
    void organizationCreateAnswers422WhenItExistsWithGiteasErrorBody() {
        start("1.26.1");
        assertThat(admin().get("/orgs/infra").status()).isEqualTo(404);
        assertThat(admin().call("POST", "/orgs", "{\"username\":\"infra\",\"visibility\":\"private\"}").status())
                .isEqualTo(201);
        ApiClient.Reply again = admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("message").asText()).isEqualTo("user already exists [name: infra]");
        assertThat(again.json().get("url").asText()).isEqualTo(sim.baseUrl() + "/api/swagger");
        assertThat(admin().get("/orgs/infra").json().get("visibility").asText()).isEqualTo("private");
        assertThat(sim.organizations()).containsExactly("infra");
    }

    @Test
    void repositoryCreateAnswers409WhenItExistsAndPatchChangesSettings() {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        ApiClient.Reply created = admin().call("POST", "/orgs/infra/repos",
                "{\"name\":\"pxci\",\"description\":\"d\",\"private\":true,\"default_branch\":\"main\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("empty").asBoolean()).isTrue();
        assertThat(created.json().get("clone_url").asText()).isEqualTo(sim.baseUrl() + "/infra/pxci.git");
        assertThat(admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}").status()).isEqualTo(409);
        assertThat(admin().call("POST", "/orgs/nobody/repos", "{\"name\":\"pxci\"}").status()).isEqualTo(404);

        ApiClient.Reply patched = admin().call("PATCH", "/repos/infra/pxci",
                "{\"description\":\"new\",\"has_actions\":false}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(sim.repository("infra", "pxci")).hasValueSatisfying(r -> {
            assertThat(r.description()).isEqualTo("new");
            assertThat(r.hasActions()).isFalse();
            assertThat(r.isPrivate()).isTrue();
        });
    }

    @Test
    void secretsAnswer201WhenCreatedAnd204WhenUpdated() {
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(admin().call("PUT", "/orgs/infra/actions/secrets/deploy_key", "{\"data\":\"v1\"}").status())
                .isEqualTo(201);
        assertThat(admin().call("PUT", "/orgs/infra/actions/secrets/DEPLOY_KEY", "{\"data\":\"v2\"}").status())
                .isEqualTo(204);
        assertThat(sim.secrets("infra")).containsExactly(java.util.Map.entry("DEPLOY_KEY", "v2"));
        assertThat(admin().call("PUT", "/orgs/infra/actions/secrets/X", "{\"name\":\"X\",\"value\":\"v\"}")
                .status()).isEqualTo(422);
        ApiClient.Reply badName = admin().call("PUT", "/orgs/infra/actions/secrets/GITEA_X", "{\"data\":\"v\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("message").asText()).isEqualTo("invalid variable or secret name");
        assertThat(admin().get("/orgs/infra/actions/secrets").json().get(0).get("name").asText())
                .isEqualTo("DEPLOY_KEY");
    }

    @Test
    void variablesAreCreatedReadAndUpdatedWithEachReleasesStatusCodes() {
        for (String version : new String[] {"1.24.7", "1.26.1"}) {
            start(version);
            admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
            admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
            String path = "/repos/infra/pxci/actions/variables/proxmox_host";
            assertThat(admin().get(path).status()).isEqualTo(404);
            assertThat(admin().call("PUT", path, "{\"value\":\"a\"}").status()).isEqualTo(404);
            assertThat(admin().call("POST", path, "{\"value\":\"a\"}").status())
                    .isEqualTo(version.equals("1.24.7") ? 204 : 201);
            assertThat(admin().call("POST", path, "{\"value\":\"a\"}").status()).isEqualTo(409);
            assertThat(admin().get(path).json().get("data").asText()).isEqualTo("a");
            assertThat(admin().get(path).json().get("name").asText()).isEqualTo("PROXMOX_HOST");
            assertThat(admin().call("PUT", path, "{\"value\":\"b\"}").status()).isEqualTo(204);
            assertThat(sim.variables("infra", "pxci")).containsEntry("PROXMOX_HOST", "b");
            assertThat(admin().call("POST", path, "{\"value\":\"\"}").status()).isEqualTo(422);
            sim.close();
            sim = null;
        }
    }

    @Test
    void namesStartingWithCiAreRejectedOnlyBy124() {
        start("1.24.7");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(admin().call("POST", "/orgs/infra/actions/variables/CI_USER", "{\"value\":\"a\"}").status())
                .isEqualTo(400);
        sim.close();
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(admin().call("POST", "/orgs/infra/actions/variables/CI_USER", "{\"value\":\"a\"}").status())
                .isEqualTo(201);
        assertThat(admin().call("POST", "/orgs/infra/actions/variables/CI", "{\"value\":\"a\"}").status())
                .isEqualTo(400);
    }

    @Test
    void runnerTokensByGetExistOnlyIn124AndRepeatTheActiveToken() {
        start("1.24.7");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        String byGet = admin().get("/orgs/infra/actions/runners/registration-token").json().get("token").asText();
        String byPost = admin().call("POST", "/orgs/infra/actions/runners/registration-token", null)
                .json().get("token").asText();
        assertThat(byGet).isNotBlank().isEqualTo(byPost);
        sim.close();

        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        assertThat(admin().get("/orgs/infra/actions/runners/registration-token").status()).isEqualTo(405);
        assertThat(admin().call("POST", "/orgs/infra/actions/runners/registration-token", null).status())
                .isEqualTo(200);
    }

    @Test
    void runsApiExistsOnlyIn126() {
        start("1.24.7");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        assertThat(admin().get("/repos/infra/pxci/actions/runs").status()).isEqualTo(404);
        sim.close();
        start("1.26.1");
        admin().call("POST", "/orgs", "{\"username\":\"infra\"}");
        admin().call("POST", "/orgs/infra/repos", "{\"name\":\"pxci\"}");
        ApiClient.Reply runs = admin().get("/repos/infra/pxci/actions/runs");
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.json().get("total_count").asInt()).isZero();
    }
}
