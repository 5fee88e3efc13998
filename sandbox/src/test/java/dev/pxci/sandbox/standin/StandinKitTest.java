package dev.pxci.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's wrapper scripts run as processes on this host against loopback, as the playbooks run
 * them inside a container: {@code gitea web} from an app.ini, Gitea's admin commands while it
 * runs, a token from the command line used on the API, a runner token, act_runner's register and
 * daemon, and a git push into a repository of the stand-in.
 */
class StandinKitTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private Path kit;
    private StandinProcesses processes;
    private Path appIni;
    private String rootUrl;

    @BeforeEach
    void assembleAndConfigure() throws IOException {
        kit = StandinKit.assemble(work.resolve("kit-work"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        // these tests run as root, which Gitea refuses unless told it is unsafe
        processes = new StandinProcesses(kit, logs, Map.of("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "true"));
        int port = freePort();
        rootUrl = "http://127.0.0.1:" + port + "/";
        appIni = work.resolve("app.ini");
        Files.writeString(appIni, """
                APP_NAME = pxci
                RUN_USER = %s
                WORK_PATH = %s

                [server]
                HTTP_ADDR = 127.0.0.1
                HTTP_PORT = %d
                ROOT_URL = %s
                APP_DATA_PATH = %s

                [repository]
                ROOT = %s
                """.formatted(System.getProperty("user.name"), work.resolve("gitea"), port, rootUrl,
                work.resolve("gitea/data"), work.resolve("gitea/repositories")));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        processes.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theKitHoldsExecutableWrappersAndIsNotRebuiltWhenNothingChanged() throws IOException {
        for (String binary : List.of("gitea", "act_runner")) {
            Path script = kit.resolve("bin").resolve(binary);
            assertThat(Files.isExecutable(script)).as(binary).isTrue();
            assertThat(Files.readString(script)).startsWith("#!/bin/sh\n")
                    .contains("${PXCI_STANDIN_HOME:-/opt/pxci-standin}").contains("-XX:+UseSerialGC");
        }
        Path packed = kit.resolve("lib/sandbox-classes.jar");
        assertThat(packed).exists();
        assertThat(Files.getPosixFilePermissions(packed)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        FileTime before = Files.getLastModifiedTime(packed);
        List<String> libBefore = listing(kit.resolve("lib"));

        long start = System.nanoTime();
        assertThat(StandinKit.assemble(work.resolve("kit-work"))).isEqualTo(kit);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(Files.getLastModifiedTime(packed)).isEqualTo(before);
        assertThat(listing(kit.resolve("lib"))).isEqualTo(libBefore);
        assertThat(millis).as("an unchanged kit is only checked").isLessThan(5_000);
    }

    @Test
    void theKitsOwnRuntimeRunsTheStandInsWhereNoWholeJvmIsMounted() throws Exception {
        assertThat(kit.resolve("runtime/bin/java")).isExecutable();
        assertThat(kit.resolve("runtime/lib/jvm.cfg")).as("a file, not a link into /etc").isRegularFile()
                .matches(p -> !Files.isSymbolicLink(p));
        ProcessBuilder onlyTheKit = new ProcessBuilder(kit.resolve("bin/gitea").toString(), "--version")
                .redirectErrorStream(true);
        onlyTheKit.environment().keySet().removeIf(k -> k.startsWith("PXCI_STANDIN_"));
        onlyTheKit.environment().put("PXCI_STANDIN_HOME", kit.toString());
        Process run = onlyTheKit.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).startsWith("Gitea version " + GiteaStandin.DEFAULT_VERSION + " ");
    }

    @Test
    void aWholeMountedJvmIsPreferredToTheKitsRuntime() throws Exception {
        // a home as a container sees it: the kit's lib, and this JVM (whose links resolve here) as jre
        Path home = Files.createDirectories(work.resolve("mounted"));
        Files.createSymbolicLink(home.resolve("lib"), kit.resolve("lib"));
        Files.createSymbolicLink(home.resolve("jre"), StandinKit.javaHome());
        ProcessBuilder pb = new ProcessBuilder("sh", "-x", kit.resolve("bin/act_runner").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PXCI_STANDIN_"));
        pb.environment().put("PXCI_STANDIN_HOME", home.toString());
        Process run = pb.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("exec " + home.resolve("jre/bin/java")).contains("act_runner version v0.2.11");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void versionsSayTheyAreStandIns() throws Exception {
        StandinProcesses.Result gitea = processes.run("gitea", "--version");
        assertThat(gitea.exit()).isZero();
        assertThat(gitea.stdout()).startsWith("Gitea version " + GiteaStandin.DEFAULT_VERSION + " ").contains("pxci gitea-standin")
                .contains("it is not Gitea");
        StandinProcesses.Result runner = processes.run("act_runner", "--version");
        assertThat(runner.exit()).isZero();
        assertThat(runner.stdout()).startsWith("act_runner version v0.2.11").contains("runs no jobs");
        StandinProcesses.Result config = processes.run("act_runner", "generate-config");
        assertThat(config.exit()).isZero();
        assertThat(config.stdout()).contains("runner:").contains("fetch_interval: 2s").contains("labels:");
    }

    @Test
    void likeGiteaItRefusesRootAndAnotherUserThanRunUser() throws Exception {
        StandinProcesses.Result asRoot = processes.run("gitea", null,
                Map.of("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "false"), "--config", appIni.toString(),
                "admin", "user", "list");
        assertThat(asRoot.exit()).isEqualTo(1);
        assertThat(asRoot.stderr()).contains("Gitea is not supposed to be run as root");

        Files.writeString(appIni, Files.readString(appIni).replaceFirst("RUN_USER = .*", "RUN_USER = git"));
        StandinProcesses.Result otherUser = processes.run("gitea", "--config", appIni.toString(), "admin", "user",
                "list");
        assertThat(otherUser.exit()).isEqualTo(1);
        assertThat(otherUser.stderr()).contains("Expect user 'git' but current user is: "
                + System.getProperty("user.name"));
    }

    @Test
    void migrateMakesTheDatabaseWhereAppIniPutsIt() throws Exception {
        Files.writeString(appIni, Files.readString(appIni) + "\n[database]\nDB_TYPE = sqlite3\nPATH = db/gitea.db\n");
        StandinProcesses.Result migrated = processes.run("gitea", "--config", appIni.toString(), "migrate");
        assertThat(migrated.exit()).as(migrated.stderr()).isZero();
        Path database = work.resolve("gitea/db/gitea.db");
        assertThat(database).isDirectory();
        assertThat(Files.getPosixFilePermissions(database)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(processes.run("gitea", "--config", appIni.toString(), "migrate").exit()).as("again").isZero();
        StandinProcesses.Result secret = processes.run("gitea", "generate", "secret", "SECRET_KEY");
        assertThat(secret.stdout()).matches("[A-Za-z0-9_-]{64}");
    }

    @Test
    void giteasCommandLineWorksBeforeAndWhileTheWebServerRuns() throws Exception {
        String config = appIni.toString();
        StandinProcesses.Result created = processes.run("gitea", "--config", config, "admin", "user", "create",
                "--username", "pxci", "--email", "pxci@localhost", "--random-password", "--admin",
                "--must-change-password=false");
        assertThat(created.exit()).as(created.stderr()).isZero();
        Matcher generated = Pattern.compile("generated random password is '([^']+)'").matcher(created.stdout());
        assertThat(generated.find()).isTrue();
        String password = generated.group(1);
        assertThat(created.stdout()).endsWith("New user 'pxci' has been successfully created!\n");

        StandinProcesses.Running web = processes.start("gitea", Map.of(), "web", "--config", config);
        JsonNode version = waitForJson(rootUrl + "api/v1/version", web);
        assertThat(version.get("version").asText()).isEqualTo(GiteaStandin.DEFAULT_VERSION);

        StandinProcesses.Result again = processes.run("gitea", "--config", config, "admin", "user", "create",
                "--username", "pxci", "--email", "other@localhost", "--random-password", "--admin");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.stderr()).isEqualTo("Command error: CreateUser: user already exists [name: pxci]\n");

        StandinProcesses.Result helper = processes.run("gitea", "--config", config, "admin", "user", "create",
                "--username", "helper", "--email", "helper@localhost", "--random-password");
        assertThat(helper.exit()).as(helper.stderr()).isZero();
        StandinProcesses.Result admins = processes.run("gitea", "--config", config, "admin", "user", "list",
                "--admin");
        assertThat(admins.stdout().lines().toList()).hasSize(2);
        assertThat(admins.stdout().lines().skip(1).map(l -> l.split("\\s+")[1]).toList()).containsExactly("pxci");
        assertThat(processes.run("gitea", "--config", config, "admin", "user", "list").stdout().lines().count())
                .isEqualTo(3);

        StandinProcesses.Result token = processes.run("gitea", "--config", config, "admin", "user",
                "generate-access-token", "--username", "pxci", "--token-name", "ci", "--scopes",
                "write:admin,write:organization,write:repository,write:user", "--raw");
        assertThat(token.exit()).as(token.stderr()).isZero();
        String apiToken = token.stdout().strip();
        assertThat(apiToken).matches("[0-9a-f]{40}");
        assertThat(processes.run("gitea", "--config", config, "admin", "user", "generate-access-token",
                "--username", "pxci", "--token-name", "ci", "--raw").stderr())
                .isEqualTo("Command error: access token name has been used already\n");

        HttpResponse<String> user = call("GET", "api/v1/user", "token " + apiToken, null);
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(user.body()).get("login").asText()).isEqualTo("pxci");
        assertThat(JSON.readTree(user.body()).get("is_admin").asBoolean()).isTrue();
        assertThat(call("GET", "api/v1/user", "Basic " + Base64.getEncoder().encodeToString(
                ("pxci:" + password).getBytes(StandardCharsets.UTF_8)), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "api/v1/user", "token " + "0".repeat(40), null).statusCode()).isEqualTo(401);

        String logs = awaitOutput(web, "State: ");
        assertThat(logs).contains("pxci gitea-standin").doesNotContain(password).doesNotContain(apiToken);
        assertThat(StandinProcesses.stop(web)).as("a clean stop on SIGTERM").isZero();
        assertThat(web.output()).contains("Received TERM: stopping").contains("Gitea stand-in stopped")
                .doesNotContain("Exception");
        assertThat(work.resolve("gitea/data/gitea.db/" + AdminChannel.SOCKET)).doesNotExist();

        // the token outlives the web process: the state is kept where app.ini puts Gitea's database
        StandinProcesses.Running restarted = processes.start("gitea", Map.of(), "web", "--config", config);
        waitForJson(rootUrl + "api/v1/version", restarted);
        assertThat(call("GET", "api/v1/user", "token " + apiToken, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRunnerRegistersWithATokenFromTheCommandLineAndIsListedOnlineWhileItsDaemonRuns() throws Exception {
        String config = appIni.toString();
        processes.run("gitea", "--config", config, "admin", "user", "create", "--username", "pxci", "--email",
                "pxci@localhost", "--random-password", "--admin");
        assertThat(processes.run("gitea", "--config", config, "actions", "generate-runner-token").stderr())
                .as("asks the web server, as Gitea does").contains("is not running");
        StandinProcesses.Running web = processes.start("gitea", Map.of(), "web", "--config", config);
        waitForJson(rootUrl + "api/v1/version", web);
        String apiToken = processes.run("gitea", "--config", config, "admin", "user", "generate-access-token",
                "--username", "pxci", "--token-name", "ci", "--scopes", "write:admin,write:organization", "--raw")
                .stdout().strip();
        assertThat(call("POST", "api/v1/orgs", "token " + apiToken, "{\"username\":\"srv\"}").statusCode())
                .isEqualTo(201);

        StandinProcesses.Result runnerToken = processes.run("gitea", "--config", config, "actions",
                "generate-runner-token", "--scope", "srv");
        assertThat(runnerToken.exit()).as(runnerToken.stderr()).isZero();
        String registrationToken = runnerToken.stdout().strip();
        assertThat(processes.run("gitea", "--config", config, "actions", "grt", "--scope", "srv").stdout().strip())
                .as("the active token is repeated").isEqualTo(registrationToken);

        Path runnerHome = Files.createDirectories(work.resolve("runner"));
        Path runnerConfig = runnerHome.resolve("config.yaml");
        Files.writeString(runnerConfig, """
                log:
                  level: info
                runner:
                  file: %s
                  fetch_interval: 1s
                  labels:
                    - "shell:host"
                """.formatted(runnerHome.resolve(".runner")));
        StandinProcesses.Result refused = processes.run("act_runner", null,
                Map.of("GITEA_RUNNER_REGISTRATION_TOKEN", "f".repeat(40)), "register", "--no-interactive",
                "--instance", rootUrl, "--name", "pxci-runner", "--config", runnerConfig.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr()).contains("runner registration token not found");
        assertThat(runnerHome.resolve(".runner")).doesNotExist();

        StandinProcesses.Result registered = processes.run("act_runner", null,
                Map.of("GITEA_RUNNER_REGISTRATION_TOKEN", registrationToken), "register", "--no-interactive",
                "--instance", rootUrl, "--name", "pxci-runner", "--labels", "ignored:host", "--config",
                runnerConfig.toString());
        assertThat(registered.exit()).as(registered.stderr()).isZero();
        assertThat(registered.stderr()).contains("level=info msg=\"Runner registered successfully.\"")
                .contains("Labels from command will be ignored").doesNotContain(registrationToken);
        Path registration = runnerHome.resolve(".runner");
        assertThat(Files.getPosixFilePermissions(registration))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode file = JSON.readTree(registration.toFile());
        assertThat(file.get("WARNING").asText()).contains("automatically generated by act-runner");
        assertThat(file.get("name").asText()).isEqualTo("pxci-runner");
        assertThat(file.get("address").asText()).isEqualTo(rootUrl);
        assertThat(file.get("labels").get(0).asText()).isEqualTo("shell:host");
        assertThat(file.get("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(file.get("token").asText()).isNotEqualTo(registrationToken).hasSize(40);

        JsonNode listed = runners(apiToken);
        assertThat(listed.get("total_count").asInt()).isEqualTo(1);
        assertThat(listed.get("runners").get(0).get("status").asText()).as("registered, never called in")
                .isEqualTo("offline");

        StandinProcesses.Running daemon = processes.start("act_runner", Map.of(), "daemon", "-c",
                runnerConfig.toString());
        JsonNode runner = waitForOnline(apiToken, daemon);
        assertThat(runner.get("name").asText()).isEqualTo("pxci-runner");
        assertThat(runner.get("busy").asBoolean()).isFalse();
        assertThat(runner.get("labels").get(0).get("name").asText()).isEqualTo("shell");
        assertThat(runner.get("labels").get(0).get("type").asText()).isEqualTo("custom");
        assertThat(call("GET", "api/v1/admin/actions/runners", "token " + apiToken, null).statusCode())
                .isEqualTo(200);
        assertThat(awaitOutput(daemon, "declare successfully")).contains("does not execute jobs")
                .doesNotContain(file.get("token").asText());

        // the cookbook's way: the answers on standard input, the labels from the configuration
        Path second = Files.createDirectories(work.resolve("runner2"));
        Path secondConfig = second.resolve("config.yaml");
        Files.writeString(secondConfig, "runner:\n  file: " + second.resolve(".runner") + "\n  labels:\n    - \"pxci:host\"\n");
        StandinProcesses.Result interactive = processes.run("act_runner",
                rootUrl + "\n" + registrationToken + "\nsecond\nignored:host\n", Map.of(), "register", "--config",
                secondConfig.toString());
        assertThat(interactive.exit()).as(interactive.stderr()).isZero();
        assertThat(interactive.stderr()).contains("Enter the runner token:")
                .contains("Runner registered successfully.").doesNotContain(registrationToken);
        JsonNode secondFile = JSON.readTree(second.resolve(".runner").toFile());
        assertThat(secondFile.get("name").asText()).isEqualTo("second");
        assertThat(secondFile.get("labels").get(0).asText()).isEqualTo("pxci:host");
        assertThat(runners(apiToken).get("total_count").asInt()).isEqualTo(2);
        StandinProcesses.Result again = processes.run("act_runner", "n\n", Map.of(), "register", "--config",
                secondConfig.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.stderr()).contains("Runner is already registered, overwrite local config? [y/N]");
        assertThat(runners(apiToken).get("total_count").asInt()).as("kept as it was").isEqualTo(2);
    }

    @Test
    void gitPushesReachARepositoryUnderTheRepositoryRoot() throws Exception {
        String config = appIni.toString();
        StandinProcesses.Running web = processes.start("gitea", Map.of(), "web", "--config", config);
        waitForJson(rootUrl + "api/v1/version", web);
        processes.run("gitea", "--config", config, "admin", "user", "create", "--username", "pxci", "--email",
                "pxci@localhost", "--random-password", "--admin");
        String apiToken = processes.run("gitea", "--config", config, "admin", "user", "generate-access-token",
                "--username", "pxci", "--scopes", "write:organization,write:repository", "--raw").stdout().strip();
        call("POST", "api/v1/orgs", "token " + apiToken, "{\"username\":\"srv\"}");
        HttpResponse<String> repo = call("POST", "api/v1/orgs/srv/repos", "token " + apiToken,
                "{\"name\":\"pxci\",\"private\":true}");
        assertThat(repo.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(repo.body()).get("clone_url").asText()).isEqualTo(rootUrl + "srv/pxci.git");

        Path local = work.resolve("local");
        RevCommit commit;
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            Files.writeString(local.resolve("README.md"), "pushed into the stand-in");
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("first").setAuthor("t", "t@localhost").setCommitter("t", "t@localhost")
                    .call();
            git.push().setRemote(rootUrl + "srv/pxci.git").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("pxci", apiToken)).call();
        }
        try (Repository bare = new FileRepositoryBuilder().setGitDir(
                work.resolve("gitea/repositories/srv/pxci.git").toFile()).setMustExist(true).build()) {
            assertThat(bare.exactRef("refs/heads/main").getObjectId()).isEqualTo(commit.getId());
        }
        assertThat(call("GET", "api/v1/repos/srv/pxci", "token " + apiToken, null).body()).contains("\"empty\":false");
    }

    private JsonNode runners(String apiToken) throws Exception {
        HttpResponse<String> reply = call("GET", "api/v1/orgs/srv/actions/runners", "token " + apiToken, null);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private JsonNode waitForOnline(String apiToken, StandinProcesses.Running daemon) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            JsonNode runner = runners(apiToken).get("runners").get(0);
            if (runner.get("status").asText().equals("online")) {
                return runner;
            }
            assertThat(daemon.process().isAlive()).as(daemon.output()).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("the runner never came online: " + daemon.output());
    }

    /** What the process printed once it printed {@code text} (the API may answer before the log line is out). */
    private static String awaitOutput(StandinProcesses.Running process, String text) throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (process.output().contains(text)) {
                return process.output();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never printed '" + text + "': " + process.output());
    }

    private JsonNode waitForJson(String url, StandinProcesses.Running process) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            try {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return JSON.readTree(reply.body());
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(process.process().isAlive()).as(process.output()).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError(url + " never answered: " + process.output());
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rootUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
