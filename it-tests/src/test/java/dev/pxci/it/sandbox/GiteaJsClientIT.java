package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Gitea simulator as a real third-party client sees it: gitea-js (an npm package generated
 * from Gitea's OpenAPI document) run by node lists, creates, updates and deletes organisations,
 * repositories, Actions secrets and variables, reads paging headers, mints and deletes tokens,
 * lists and dispatches workflows, and reads private resources anonymously, as {@code drive.mjs}
 * says. The package comes from the committed package.json and lock file, installed by {@code npm
 * ci} into {@code target/npm/gitea-js-client}; without node and npm the test fails, naming what to
 * install.
 */
class GiteaJsClientIT {
    private static final Path SOURCES = Path.of("src/test/npm/gitea-js-client");
    private static final Path INSTALLED = Path.of("target/npm/gitea-js-client");
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(2);
    private static final String WORKFLOW = """
            on:
              workflow_dispatch:
            jobs:
              build:
                runs-on: pxci
                steps:
                  - run: echo pxci
            """;

    @TempDir
    Path work;
    private static Path node;

    @BeforeAll
    static void installTheClient() throws Exception {
        node = ExternalTool.requireExecutable("node", "nodejs");
        Path npm = ExternalTool.requireExecutable("npm", "npm");
        Files.createDirectories(INSTALLED);
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        Path stamp = INSTALLED.resolve("node_modules/.pxci-installed-lock.json");
        boolean current = Files.exists(stamp) && java.util.Arrays.equals(Files.readAllBytes(stamp), lock);
        for (String file : List.of("package.json", "package-lock.json", "drive.mjs")) {
            Files.copy(SOURCES.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!current) {
            ExternalTool.Result installed = ExternalTool.run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund",
                    "--ignore-scripts"), Map.of(), INSTALLED, NPM_TIMEOUT);
            assertThat(installed.exitCode()).as("npm ci in %s:\n%s", INSTALLED, installed.output()).isZero();
            Files.write(stamp, lock);
        }
        assertThat(INSTALLED.resolve("node_modules/gitea-js/package.json")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.24.7", "1.26.1"})
    void giteaJsDrivesTheSimulatorAsItWouldDriveGitea(String version) throws Exception {
        try (GiteaSimulator gitea = GiteaSimulator.builder().version(version).start()) {
            prepareRepositoryWithAWorkflow(gitea);
            ExternalTool.Result run = ExternalTool.run(List.of(node.toString(), "drive.mjs"), Map.of(
                    "GITEA_URL", gitea.baseUrl(), "GITEA_TOKEN", gitea.adminToken(), "GITEA_ADMIN", gitea.adminUser(),
                    "GITEA_PASSWORD", gitea.adminPassword(), "GITEA_VERSION", version), INSTALLED, NODE_TIMEOUT);
            String output = run.output().strip();
            JsonNode checks = new ObjectMapper().readTree(output.substring(output.lastIndexOf("\n{") + 1))
                    .get("checks");
            List<String> failed = new ArrayList<>();
            checks.forEach(c -> {
                if (!c.get("ok").asBoolean()) {
                    failed.add(c.get("name").asText() + ": " + c.path("detail").asText());
                }
            });
            assertThat(failed).as(output).isEmpty();
            assertThat(checks.size()).as("every check ran").isGreaterThanOrEqualTo(55);
            assertThat(run.exitCode()).isZero();
            assertThat(output).doesNotContain(gitea.adminToken()).doesNotContain(gitea.adminPassword());
            assertThat(gitea.requests()).allSatisfy(r -> assertThat(r.pathAndQuery())
                    .doesNotContain(gitea.adminToken()));
            assertThat(gitea.organizations()).containsExactly("infra");
        }
    }

    private void prepareRepositoryWithAWorkflow(GiteaSimulator gitea) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String[] call : List.of(new String[] {"/api/v1/orgs", "{\"username\":\"infra\"}"},
                new String[] {"/api/v1/orgs/infra/repos", "{\"name\":\"pxci\"}"})) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(gitea.baseUrl() + call[0]))
                    .header("Authorization", "token " + gitea.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call[1])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        }
        Path local = work.resolve("pxci");
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(local.resolve(".gitea/workflows"));
            Files.writeString(local.resolve(".gitea/workflows/pipeline.yml"), WORKFLOW);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("pipeline").setAuthor("it", "it@localhost").setCommitter("it", "it@localhost")
                    .call();
            git.push().setRemote(gitea.baseUrl() + "/infra/pxci.git").setRefSpecs(new RefSpec("main:main"))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider(gitea.adminUser(),
                            gitea.adminToken())).call();
        }
    }
}
