package dev.pxci.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gitea's admin commands run in-process on a simulator whose accounts come from the command line. */
class GiteaCommandsTest {
    private final GiteaSimulator gitea = GiteaSimulator.builder().version("1.24.7").accountsFromCommandLine().start();

    @AfterEach
    void stop() {
        gitea.close();
    }

    private Outcome run(String... args) {
        return GiteaCommands.execute(CommandLine.parse(List.of(args), Set.of("admin", "random-password",
                "must-change-password", "raw"), Map.of("u", "username", "p", "password")), gitea.administration());
    }

    private int status(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gitea.baseUrl() + "/api/v1/user"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theFirstAccountNeedNotChangeItsPasswordAndAChangedPasswordIsTheOneThatWorks() throws Exception {
        Outcome created = run("admin", "user", "create", "--username", "pxci", "--email", "pxci@localhost",
                "--password", "first-password", "--admin");
        assertThat(created.exit()).as(created.stderr()).isZero();
        assertThat(status("pxci", "first-password")).isEqualTo(200);

        Outcome changed = run("admin", "user", "change-password", "-u", "pxci", "-p", "second-password",
                "--must-change-password=false");
        assertThat(changed.stdout()).isEqualTo("pxci's password has been successfully updated!\n");
        assertThat(status("pxci", "first-password")).isEqualTo(401);
        assertThat(status("pxci", "second-password")).isEqualTo(200);
        assertThat(run("admin", "user", "change-password", "-u", "nobody", "-p", "x").stderr())
                .isEqualTo("Command error: user does not exist [uid: 0, name: nobody]\n");
    }

    @Test
    void missingFlagsAreRefusedAsGiteaRefusesThem() {
        assertThat(run("admin", "user", "create", "--username", "pxci", "--password", "p").stderr())
                .isEqualTo("Command error: email not set\n");
        assertThat(run("admin", "user", "create", "--username", "pxci", "--email", "e@x").stderr())
                .isEqualTo("Command error: must set either password or random-password flag\n");
        assertThat(run("admin", "user", "generate-access-token", "--raw").stderr())
                .isEqualTo("Command error: You must provide a username to generate a token for\n");
        assertThat(run("admin", "user", "generate-access-token", "--username", "ghost", "--raw").exit()).isEqualTo(1);
    }
}
