package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's Gitea simulator with Debian's real {@code git}: a push over smart HTTP lands with
 * the tree git computed, a clone brings it back, and wrong credentials are refused. Credentials go
 * in through a credential helper, as git asks for them after the server's 401.
 */
class GitClientAgainstGiteaSimulatorIT {
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private GiteaSimulator gitea;
    private Path git;

    @BeforeEach
    void start() throws Exception {
        git = ExternalTool.requireExecutable("git", "git");
        gitea = GiteaSimulator.builder().port(0).start();
        api("POST", "/api/v1/orgs", "{\"username\":\"it\"}");
        api("POST", "/api/v1/orgs/it/repos", "{\"name\":\"tree\",\"default_branch\":\"main\"}");
    }

    @AfterEach
    void stop() {
        gitea.close();
    }

    @Test
    void aPushOfTheRealGitClientLandsWithItsTreeAndACloneBringsItBack() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        for (int i = 0; i < 300; i++) {
            Path file = source.resolve("dir" + (i % 7)).resolve("file" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "line " + i + "\n".repeat(1 + i % 5));
        }
        Path script = source.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho pxci\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        git(source, Map.of(), "init", "-q", "-b", "main");
        git(source, Map.of(), "add", ".");
        git(source, Map.of(), "-c", "user.name=Pat Doe", "-c", "user.email=pat@example.org", "commit", "-q", "-m", "tree");
        String tree = git(source, Map.of(), "rev-parse", "HEAD^{tree}").output().strip();
        String commit = git(source, Map.of(), "rev-parse", "HEAD").output().strip();

        ExternalTool.Result pushed = git(source, basicAuth(gitea.adminUser(), gitea.adminToken()), "push", remote(), "main");
        assertThat(pushed.exitCode()).as(pushed.output()).isZero();

        Repository landed = gitea.gitRepository("it", "tree").orElseThrow();
        try (RevWalk walk = new RevWalk(landed)) {
            var head = walk.parseCommit(landed.resolve("refs/heads/main"));
            assertThat(head.getName()).isEqualTo(commit);
            assertThat(head.getTree().getName()).isEqualTo(tree);
        }

        Path clone = work.resolve("clone");
        ExternalTool.Result cloned = git(work, basicAuth(gitea.adminUser(), gitea.adminToken()), "clone", "-q", remote(),
                clone.toString());
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        assertThat(git(clone, Map.of(), "rev-parse", "HEAD").output().strip()).isEqualTo(commit);
        assertThat(Files.isExecutable(clone.resolve("run.sh"))).isTrue();
        assertThat(Files.readString(clone.resolve("dir3/file10.txt"))).isEqualTo(Files.readString(source.resolve("dir3/file10.txt")));
    }

    @Test
    void aPushWithAWrongTokenIsRefusedAndChangesNothing() throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("README.md"), "pxci\n");
        git(source, Map.of(), "init", "-q", "-b", "main");
        git(source, Map.of(), "add", ".");
        git(source, Map.of(), "-c", "user.name=Pat Doe", "-c", "user.email=pat@example.org", "commit", "-q", "-m", "one");

        ExternalTool.Result refused = git(source, basicAuth(gitea.adminUser(), "not-the-token"), "push", remote(), "main");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("authentication failed");
        assertThat(gitea.gitRepository("it", "tree").orElseThrow().resolve("refs/heads/main")).isNull();
    }

    private String remote() {
        return gitea.baseUrl() + "/it/tree.git";
    }

    /**
     * A credential helper in git's environment configuration that answers the server's 401 with
     * these credentials, read from the environment: never in a URL or an argument.
     */
    private static Map<String, String> basicAuth(String user, String password) {
        Map<String, String> environment = new HashMap<>();
        environment.put("GIT_CONFIG_COUNT", "1");
        environment.put("GIT_CONFIG_KEY_0", "credential.helper");
        environment.put("GIT_CONFIG_VALUE_0", "!f() { echo username=$IT_GIT_USER; echo password=$IT_GIT_PASSWORD; }; f");
        environment.put("IT_GIT_USER", user);
        environment.put("IT_GIT_PASSWORD", password);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        return environment;
    }

    private ExternalTool.Result git(Path directory, Map<String, String> environment, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(git.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> env = new HashMap<>(environment);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("HOME", work.toString());
        ExternalTool.Result result = ExternalTool.run(command, env, directory, GIT_TIMEOUT);
        if (!arguments[0].equals("push") && !arguments[0].equals("clone")) {
            assertThat(result.exitCode()).as("git " + String.join(" ", arguments) + "\n" + result.output()).isZero();
        }
        return result;
    }

    private void api(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gitea.baseUrl() + path))
                .header("Authorization", "token " + gitea.adminToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(201);
    }
}
