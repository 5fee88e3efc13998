package dev.pxci.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example adapter ({@code examples/adapter-example}, its jar as the reactor built it) used as a
 * user uses a third-party adapter: dropped into a plugin directory and selected through {@code ./pxci}.
 */
class ExamplePluginIT {
    @TempDir
    Path home;

    private Path project;
    private Path exampleJar;

    @BeforeEach
    void project() throws IOException {
        exampleJar = Path.of(System.getProperty("pxci.example-plugin", "")).toAbsolutePath();
        assertThat(exampleJar).as("the example plugin's jar, from the reactor (-Dpxci.example-plugin)").isRegularFile();
        project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve("config.env"), "ID=321\nHOSTNAME=plugged\nIP=10.9.0.21/24\nMOUNT=share:2\nNODE=auto\n");
    }

    @Test
    void theDefaultPluginDirectoryIsInTheHomeAndAdaptersSaysWhereEachComesFrom() throws IOException {
        Path plugins = Files.createDirectories(home.resolve(".pxci/plugins"));
        Path jar = Files.copy(exampleJar, plugins.resolve("adapter-example.jar"));

        Launcher.Result adapters = Launcher.run(project, home, Map.of(), "adapters");

        assertThat(adapters.exitCode()).as(adapters.all()).isZero();
        assertThat(adapters.stdout()).containsPattern("example\\s+ContainerPlatform\\s+example plugin.*\\n\\s+from\\s+"
                + java.util.regex.Pattern.quote(jar.toString()));
        assertThat(adapters.stdout()).containsPattern("proxmox\\s+ContainerPlatform.*\\n\\s+from\\s+built-in");
        assertThat(adapters.stdout()).contains("example.node", "PXCI_EXAMPLE_NODE", "[default: pve]");
    }

    @Test
    void theExamplePlatformProvisionsThroughTheLauncher() throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(exampleJar, plugins.resolve("adapter-example.jar"));

        Launcher.Result plan = Launcher.run(project, home, Map.of(), "plan", "--plugins", plugins.toString(),
                "--platform", "example", "--stage", "provision", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(3);
        assertThat(plan.stdout()).contains("create CT 321");

        Launcher.Result apply = Launcher.run(project, home, Map.of("PXCI_PLUGINS", plugins.toString(),
                "PXCI_EXAMPLE_NODE", "lab"), "apply", "--platform", "example", "--stage", "provision");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.stdout()).contains("> provision 321 plugged", "created and started", "apply succeeded");
    }

    @Test
    void aBrokenJarAndATakenNameAreEachOneErrorNamingTheJar() throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path broken = Files.write(plugins.resolve("broken.jar"), "not a jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Launcher.Result notAJar = Launcher.run(project, home, Map.of(), "apply", "--plugins", "../plugins",
                "--platform", "example");
        assertOneError(notAJar, "pxci: error: plugin " + broken + " is not a readable jar");

        Files.delete(broken);
        Path first = Files.copy(exampleJar, plugins.resolve("a-example.jar"));
        Path second = Files.copy(exampleJar, plugins.resolve("b-example.jar"));
        Launcher.Result twice = Launcher.run(project, home, Map.of(), "adapters", "--plugins", "../plugins");
        assertOneError(twice, "pxci: error: plugin " + second + ": the ContainerPlatform adapter name 'example' is taken"
                + " by plugin " + first);
    }

    private static void assertOneError(Launcher.Result result, String error) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stdout()).as(result.all()).isEmpty();
        assertThat(result.stderr()).as(result.all()).startsWith(error).doesNotContain("\tat ", "Exception");
        assertThat(result.stderr().lines().count()).as(result.all()).isEqualTo(2);
    }
}
