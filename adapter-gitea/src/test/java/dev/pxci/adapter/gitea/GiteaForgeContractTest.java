package dev.pxci.adapter.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeFeature;
import dev.pxci.ports.forge.ForgeScope;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.forge.RepositorySettings;
import dev.pxci.ports.forge.WorkflowRun;
import dev.pxci.ports.spi.AdapterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against recorded-shape Gitea answers (bodies as the 1.24.7 and 1.26.1 OpenAPI documents describe). */
class GiteaForgeContractTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
    private static final RepositoryRef REPO = new RepositoryRef("infra", "pxci");
    private static final RepositorySettings SETTINGS = new RepositorySettings("pxci pipeline", true, "main", true);

    private WireMockServer gitea;
    private final List<Forge> forges = new ArrayList<>();

    @BeforeEach
    void start() {
        gitea = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        gitea.start();
    }

    @AfterEach
    void stop() {
        forges.forEach(Forge::close);
        gitea.stop();
    }

    private Forge forge(String version) {
        return forge(version, Map.of(), Map.of("gitea.token", Secret.of(TOKEN)));
    }

    private Forge forge(String version, Map<String, String> extra, Map<String, Secret> secrets) {
        gitea.stubFor(get("/api/v1/version").willReturn(okJson("{\"version\":\"" + version + "\"}")));
        Map<String, String> values = new HashMap<>(Map.of("gitea.url", gitea.baseUrl(), "gitea.poll-interval", "10ms"));
        values.putAll(extra);
        Forge forge = new GiteaForgeFactory().create(new AdapterConfig(values, secrets));
        forges.add(forge);
        return forge;
    }

    private static String error(String message) {
        return "{\"message\":\"" + message + "\",\"url\":\"http://gitea.example/api/swagger\"}";
    }

    private static String repository(String description, boolean isPrivate, String branch, boolean actions) {
        return "{\"id\":7,\"owner\":{\"id\":3,\"login\":\"infra\"},\"name\":\"pxci\",\"full_name\":\"infra/pxci\","
                + "\"description\":\"" + description + "\",\"empty\":true,\"private\":" + isPrivate
                + ",\"default_branch\":\"" + branch + "\",\"has_actions\":" + actions
                + ",\"clone_url\":\"http://gitea.example/infra/pxci.git\",\"ssh_url\":\"git@gitea.example:infra/pxci.git\","
                + "\"html_url\":\"http://gitea.example/infra/pxci\",\"permissions\":{\"admin\":true,\"push\":true,\"pull\":true}}";
    }

    private static String run(long id, String status, String conclusion) {
        return "{\"id\":" + id + ",\"run_number\":4,\"status\":\"" + status + "\",\"conclusion\":\"" + conclusion
                + "\",\"event\":\"workflow_dispatch\",\"head_branch\":\"main\",\"head_sha\":\"" + "a".repeat(40)
                + "\",\"path\":\"pipeline.yml@refs/heads/main\",\"display_title\":\"t\",\"repository_id\":7,"
                + "\"url\":\"http://gitea.example/api/v1/repos/infra/pxci/actions/runs/" + id + "\","
                + "\"html_url\":\"http://gitea.example/infra/pxci/actions/runs/4\"}";
    }

    @Test
    void infoReadsTheVersionAndOffersWhatThatReleaseHas() {
        assertThat(forge("1.26.1").info().features()).contains(ForgeFeature.WORKFLOW_RUNS_API,
                ForgeFeature.ACTIONS_VARIABLES);
        gitea.resetAll();
        var info = forge("1.24.7").info();
        assertThat(info.product()).isEqualTo("Gitea");
        assertThat(info.version()).isEqualTo("1.24.7");
        assertThat(info.features()).contains(ForgeFeature.ACTIONS_SECRETS).doesNotContain(ForgeFeature.WORKFLOW_RUNS_API);
        assertThat(info.warnings()).isEmpty();
    }

    @Test
    void everyCallCarriesTheTokenHeaderAndNoTokenInTheUrl() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(get("/api/v1/orgs/infra").willReturn(okJson("{\"id\":3,\"name\":\"infra\",\"username\":\"infra\"}")));
        forge.ensureOrganization("infra");
        gitea.verify(getRequestedFor(urlEqualTo("/api/v1/orgs/infra")).withHeader("Authorization", equalTo("token " + TOKEN)));
        assertThat(gitea.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).doesNotContain(TOKEN));
    }

    @Test
    void aTokenIsMintedOnceFromUserAndPasswordWithBasicAuth() {
        Forge forge = forge("1.26.1", Map.of("gitea.user", "admin"), Map.of("gitea.password", Secret.of("pw-s3cret")));
        gitea.stubFor(post("/api/v1/users/admin/tokens").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"name\":\"pxci\",\"sha1\":\""
                        + TOKEN + "\",\"token_last_eight\":\"01234567\",\"scopes\":[\"write:organization\",\"write:repository\"]}")));
        gitea.stubFor(get("/api/v1/orgs/infra").willReturn(okJson("{\"id\":3,\"name\":\"infra\"}")));
        forge.ensureOrganization("infra");
        forge.ensureOrganization("infra");

        gitea.verify(1, postRequestedFor(urlEqualTo("/api/v1/users/admin/tokens"))
                .withHeader("Authorization", equalTo("Basic YWRtaW46cHctczNjcmV0"))
                .withRequestBody(matchingJsonPath("$.scopes[?(@ == 'write:repository')]"))
                .withRequestBody(matchingJsonPath("$.name")));
        gitea.verify(2, getRequestedFor(urlEqualTo("/api/v1/orgs/infra")).withHeader("Authorization", equalTo("token " + TOKEN)));
        assertThat(gitea.getAllServeEvents()).filteredOn(e -> e.getRequest().containsHeader("Authorization")
                && e.getRequest().getHeader("Authorization").startsWith("Basic")).hasSize(1);
    }

    @Test
    void mintingWithAWrongPasswordIsUnauthorizedWithoutThePasswordInTheMessage() {
        Forge forge = forge("1.26.1", Map.of("gitea.user", "admin"), Map.of("gitea.password", Secret.of("pw-s3cret")));
        gitea.stubFor(post("/api/v1/users/admin/tokens").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(error("user's password is invalid [uid: 1, name: admin] pw-s3cret"))));
        assertThatThrownBy(() -> forge.ensureOrganization("infra")).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(e.getMessage()).contains("user's password is invalid").doesNotContain("pw-s3cret");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("gitea.password"));
        });
    }

    @Test
    void aPasswordThatIsAPrefixOfTheTokenLeavesNoPartOfTheTokenInAMessage() {
        String password = TOKEN.substring(0, 12);
        Forge forge = forge("1.26.1", Map.of("gitea.user", "admin"),
                Map.of("gitea.password", Secret.of(password), "gitea.token", Secret.of(TOKEN)));
        gitea.stubFor(get("/api/v1/orgs/leak").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(error("token " + TOKEN + " refused"))));

        assertThatThrownBy(() -> forge.ensureOrganization("leak")).isInstanceOfSatisfying(PxciException.class,
                e -> assertThat(e.getMessage()).contains("token *** refused").doesNotContain(TOKEN.substring(12)));
    }

    @Test
    void missingCredentialsAreReportedBeforeAnyWrite() {
        Forge forge = forge("1.26.1", Map.of(), Map.of());
        assertThatThrownBy(() -> forge.ensureOrganization("infra"))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void organizationIsCreatedWhenMissingAndUnchangedWhenPresent() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(get("/api/v1/orgs/infra").inScenario("org").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody(error("not found"))));
        gitea.stubFor(post("/api/v1/orgs").inScenario("org").willSetStateTo("exists")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":3,\"name\":\"infra\",\"username\":\"infra\",\"visibility\":\"public\"}")));
        gitea.stubFor(get("/api/v1/orgs/infra").inScenario("org").whenScenarioStateIs("exists")
                .willReturn(okJson("{\"id\":3,\"name\":\"infra\",\"username\":\"infra\"}")));

        assertThat(forge.ensureOrganization("infra")).isEqualTo(Change.CREATED);
        assertThat(forge.ensureOrganization("infra")).isEqualTo(Change.UNCHANGED);
        gitea.verify(1, postRequestedFor(urlEqualTo("/api/v1/orgs")).withRequestBody(equalToJson("{\"username\":\"infra\"}")));
    }

    @Test
    void organizationCreated422MeansExistsWhenItCanBeReadElseInvalid() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(get("/api/v1/orgs/infra").inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)));
        gitea.stubFor(post("/api/v1/orgs").inScenario("race").willSetStateTo("lost")
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody(error("user already exists [name: infra]"))));
        gitea.stubFor(get("/api/v1/orgs/infra").inScenario("race").whenScenarioStateIs("lost")
                .willReturn(okJson("{\"id\":3,\"name\":\"infra\"}")));
        assertThat(forge.ensureOrganization("infra")).isEqualTo(Change.UNCHANGED);

        gitea.stubFor(get("/api/v1/orgs/admin").willReturn(aResponse().withStatus(404)));
        gitea.stubFor(post("/api/v1/orgs").withRequestBody(matchingJsonPath("$.username", equalTo("admin")))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody(error("name is reserved [name: admin]"))));
        assertThatThrownBy(() -> forge.ensureOrganization("admin")).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("422", "name is reserved [name: admin]", "http://gitea.example/api/swagger");
        });
    }

    @Test
    void repositoryIsCreatedThenUnchangedThenFixedWhenItsSettingsDrift() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(post("/api/v1/orgs/infra/repos").inScenario("repo").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("exists").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(repository("pxci pipeline", true, "main", true))));
        gitea.stubFor(post("/api/v1/orgs/infra/repos").inScenario("repo").whenScenarioStateIs("exists")
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(error("The repository with the same name already exists."))));
        gitea.stubFor(get("/api/v1/repos/infra/pxci").inScenario("repo").whenScenarioStateIs("exists")
                .willReturn(okJson(repository("pxci pipeline", true, "main", true))));

        assertThat(forge.ensureRepository(REPO, SETTINGS)).isEqualTo(Change.CREATED);
        gitea.verify(postRequestedFor(urlEqualTo("/api/v1/orgs/infra/repos")).withRequestBody(equalToJson(
                "{\"name\":\"pxci\",\"description\":\"pxci pipeline\",\"private\":true,\"default_branch\":\"main\",\"auto_init\":false}")));
        assertThat(forge.ensureRepository(REPO, SETTINGS)).isEqualTo(Change.UNCHANGED);
        gitea.verify(0, patchRequestedFor(anyUrl()));

        gitea.stubFor(get("/api/v1/repos/infra/pxci").inScenario("repo").whenScenarioStateIs("exists")
                .willReturn(okJson(repository("old text", true, "main", false))));
        gitea.stubFor(patch(urlEqualTo("/api/v1/repos/infra/pxci")).willReturn(okJson(repository("pxci pipeline", true, "main", true))));
        assertThat(forge.ensureRepository(REPO, SETTINGS)).isEqualTo(Change.UPDATED);
        gitea.verify(patchRequestedFor(urlEqualTo("/api/v1/repos/infra/pxci"))
                .withRequestBody(equalToJson("{\"description\":\"pxci pipeline\",\"has_actions\":true}")));
    }

    @Test
    void repositoryInAMissingOrganizationIsNotFoundWithAHint() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(post("/api/v1/orgs/infra/repos").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(error("not found"))));
        assertThatThrownBy(() -> forge.ensureRepository(REPO, SETTINGS)).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("ensureOrganization"));
        });
    }

    @Test
    void secretsArePutWithDataAnd201IsCreatedAnd204IsUpdated() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(put("/api/v1/orgs/infra/actions/secrets/DEPLOY_KEY").inScenario("s").willSetStateTo("set")
                .willReturn(aResponse().withStatus(201)));
        gitea.stubFor(put("/api/v1/orgs/infra/actions/secrets/DEPLOY_KEY").inScenario("s").whenScenarioStateIs("set")
                .willReturn(aResponse().withStatus(204)));
        assertThat(forge.putSecret(ForgeScope.organisation("infra"), "deploy_key", Secret.of("k1"))).isEqualTo(Change.CREATED);
        assertThat(forge.putSecret(ForgeScope.organisation("infra"), "deploy_key", Secret.of("k1"))).isEqualTo(Change.UPDATED);
        gitea.verify(2, putRequestedFor(urlEqualTo("/api/v1/orgs/infra/actions/secrets/DEPLOY_KEY"))
                .withRequestBody(equalToJson("{\"data\":\"k1\"}")));

        gitea.stubFor(put("/api/v1/repos/infra/pxci/actions/secrets/TOKEN").willReturn(aResponse().withStatus(201)));
        assertThat(forge.putSecret(ForgeScope.repository(REPO), "TOKEN", Secret.of("t"))).isEqualTo(Change.CREATED);
    }

    @Test
    void secretAndVariableNamesAreValidatedBeforeSending() {
        Forge forge = forge("1.24.7");
        ForgeScope org = ForgeScope.organisation("infra");
        for (String bad : List.of("1ABC", "A-B", "GITEA_TOKEN", "github_x", "CI", "CI_USER", "")) {
            assertThatThrownBy(() -> forge.putSecret(org, bad, Secret.of("v")))
                    .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThatThrownBy(() -> forge.putVariable(org, bad, "v"))
                    .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        gitea.verify(0, anyRequestedFor(urlPathEqualTo("/api/v1/orgs/infra/actions/secrets/X")));
        assertThat(gitea.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/api/v1/version"));
    }

    @Test
    void namesStartingWithCiAreAcceptedFrom125() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(put("/api/v1/orgs/infra/actions/secrets/CI_USER").willReturn(aResponse().withStatus(201)));
        assertThat(forge.putSecret(ForgeScope.organisation("infra"), "CI_USER", Secret.of("u"))).isEqualTo(Change.CREATED);
    }

    @Test
    void variableIsCreatedWhenMissingUnchangedWhenEqualAndUpdatedWhenDifferent() {
        Forge forge = forge("1.24.7");
        ForgeScope scope = ForgeScope.repository(REPO);
        String path = "/api/v1/repos/infra/pxci/actions/variables/PROXMOX_HOST";
        gitea.stubFor(get(path).inScenario("v").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody(error("not found"))));
        gitea.stubFor(post(path).inScenario("v").willSetStateTo("a").willReturn(aResponse().withStatus(204)));
        gitea.stubFor(get(path).inScenario("v").whenScenarioStateIs("a").willReturn(okJson(
                "{\"owner_id\":0,\"repo_id\":7,\"name\":\"PROXMOX_HOST\",\"data\":\"10.0.0.2\",\"description\":\"\"}")));
        gitea.stubFor(put(path).willReturn(aResponse().withStatus(204)));

        assertThat(forge.putVariable(scope, "proxmox_host", "10.0.0.2")).isEqualTo(Change.CREATED);
        gitea.verify(postRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"value\":\"10.0.0.2\"}")));
        assertThat(forge.putVariable(scope, "PROXMOX_HOST", "10.0.0.2")).isEqualTo(Change.UNCHANGED);
        gitea.verify(0, putRequestedFor(urlEqualTo(path)));
        assertThat(forge.putVariable(scope, "PROXMOX_HOST", "10.0.0.3")).isEqualTo(Change.UPDATED);
        gitea.verify(1, putRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"value\":\"10.0.0.3\"}")));
    }

    @Test
    void variableCreateThatLosesARaceIsUpdated() {
        Forge forge = forge("1.26.1");
        String path = "/api/v1/orgs/infra/actions/variables/HOST";
        gitea.stubFor(get(path).willReturn(aResponse().withStatus(404)));
        gitea.stubFor(post(path).willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody(error("variable name HOST already exists"))));
        gitea.stubFor(put(path).willReturn(aResponse().withStatus(204)));
        assertThat(forge.putVariable(ForgeScope.organisation("infra"), "HOST", "x")).isEqualTo(Change.UPDATED);
        assertThatThrownBy(() -> forge.putVariable(ForgeScope.organisation("infra"), "HOST", ""))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void variablesAreUnsupportedBefore122() {
        Forge forge = forge("1.21.1");
        assertThatThrownBy(() -> forge.putVariable(ForgeScope.organisation("infra"), "HOST", "x"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("1.21.1");
                });
    }

    @Test
    void runsAreUnsupportedOn124WithoutAnyRunsCall() {
        Forge forge = forge("1.24.7");
        assertThatThrownBy(() -> forge.latestRun(REPO, "main"))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> forge.follow(REPO, 31, java.time.Duration.ofSeconds(1), r -> { }))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThat(gitea.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/api/v1/version"));
    }

    @Test
    void latestRunIsTheNewestRunOfTheBranch() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(get("/api/v1/repos/infra/pxci/actions/runs?branch=release&page=1&limit=1")
                .willReturn(okJson("{\"total_count\":2,\"workflow_runs\":[" + run(12, "in_progress", "") + "]}")));
        Optional<WorkflowRun> latest = forge.latestRun(REPO, "release");
        assertThat(latest).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo(12);
            assertThat(r.status()).isEqualTo("in_progress");
            assertThat(r.conclusion()).isEmpty();
            assertThat(r.url()).isEqualTo("http://gitea.example/infra/pxci/actions/runs/4");
        });
        gitea.stubFor(get("/api/v1/repos/infra/pxci/actions/runs?branch=none&page=1&limit=1")
                .willReturn(okJson("{\"total_count\":0,\"workflow_runs\":[]}")));
        assertThat(forge.latestRun(REPO, "none")).isEmpty();
    }

    @Test
    void followReportsEachStatusChangeUntilTheRunCompletes() {
        Forge forge = forge("1.26.1");
        String path = "/api/v1/repos/infra/pxci/actions/runs/31";
        gitea.stubFor(get(path).inScenario("f").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("q2")
                .willReturn(okJson(run(31, "queued", ""))));
        gitea.stubFor(get(path).inScenario("f").whenScenarioStateIs("q2").willSetStateTo("running")
                .willReturn(okJson(run(31, "queued", ""))));
        gitea.stubFor(get(path).inScenario("f").whenScenarioStateIs("running").willSetStateTo("flaky")
                .willReturn(okJson(run(31, "in_progress", ""))));
        gitea.stubFor(get(path).inScenario("f").whenScenarioStateIs("flaky").willSetStateTo("done")
                .willReturn(aResponse().withStatus(502)));
        gitea.stubFor(get(path).inScenario("f").whenScenarioStateIs("done")
                .willReturn(okJson(run(31, "completed", "failure"))));
        List<String> seen = new ArrayList<>();
        WorkflowRun last = forge.follow(REPO, 31, Duration.ofSeconds(10), r -> seen.add(r.status() + r.conclusion().map("/"::concat).orElse("")));
        assertThat(seen).containsExactly("queued", "in_progress", "completed/failure");
        assertThat(last.completed()).isTrue();
        assertThat(last.succeeded()).isFalse();
    }

    @Test
    void followGivesUpAtTheDeadline() {
        Forge forge = forge("1.26.1");
        gitea.stubFor(get("/api/v1/repos/infra/pxci/actions/runs/31").willReturn(okJson(run(31, "queued", ""))));
        assertThatThrownBy(() -> forge.follow(REPO, 31, Duration.ofMillis(100), r -> { }))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("runner"));
                });
    }

    @Test
    void statusCodesMapToErrorCodesWithGiteasMessageAndAHint() {
        Forge forge = forge("1.26.1");
        Map<Integer, ErrorCode> expected = Map.of(401, ErrorCode.UNAUTHORIZED, 403, ErrorCode.FORBIDDEN,
                500, ErrorCode.TRANSIENT, 503, ErrorCode.TRANSIENT);
        expected.forEach((status, code) -> {
            gitea.stubFor(get("/api/v1/orgs/o" + status).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(error("said " + status + " " + TOKEN))));
            assertThatThrownBy(() -> forge.ensureOrganization("o" + status)).isInstanceOfSatisfying(PxciException.class, e -> {
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.getMessage()).contains("said " + status, "GET /orgs/o" + status).doesNotContain(TOKEN);
                assertThat(e.hint()).isPresent();
            });
        });
        gitea.stubFor(get("/api/v1/orgs/html").willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        assertThatThrownBy(() -> forge.ensureOrganization("html")).hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void anUnreachableGiteaIsTransient() {
        int port = gitea.port();
        gitea.stop();
        Forge forge = new GiteaForgeFactory().create(new AdapterConfig(Map.of("gitea.url", "http://127.0.0.1:" + port,
                "gitea.timeout", "2s"), Map.of("gitea.token", Secret.of(TOKEN))));
        forges.add(forge);
        assertThatThrownBy(forge::info).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
            assertThat(e.retryable()).isTrue();
        });
    }
}
