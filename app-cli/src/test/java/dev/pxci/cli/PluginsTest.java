package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.cli.testplugins.FailingCreateFactory;
import dev.pxci.cli.testplugins.FutureSpiFactory;
import dev.pxci.cli.testplugins.MemoryAgainFactory;
import dev.pxci.cli.testplugins.PluggedFactory;
import dev.pxci.cli.testplugins.TestPluginFactory;
import dev.pxci.cli.testplugins.ThrowingConstructorFactory;
import dev.pxci.ports.spi.AdapterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin path, with jars packed here from test classes: what is loaded, and every way a jar is refused. */
class PluginsTest {
    @TempDir
    Path dir;

    private Path plugins;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void pluginDirectory() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(dir.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\n");
    }

    @Test
    void aPluginsAdapterIsListedWithItsJarBesideTheBuiltInOnes() throws IOException {
        Path jar = jar("plugged.jar", PluggedFactory.class, TestPluginFactory.class);

        assertThat(run(Map.of(), "adapters", "--plugins", "plugins")).as(stderr()).isZero();

        assertThat(stdout()).contains("plugged", "test plugin plugged", "from", jar.toString(), "plugged.secret",
                "PXCI_PLUGGED_SECRET");
        assertThat(stdout()).containsPattern("memory .*\\n\\s+from\\s+built-in");
    }

    @Test
    void theDirectoryCanComeFromTheEnvironmentAndTheOptionGoesBeforeTheCommandToo() throws IOException {
        jar("plugged.jar", PluggedFactory.class, TestPluginFactory.class);

        assertThat(run(Map.of("PXCI_PLUGINS", plugins.toString()), "adapters")).as(stderr()).isZero();
        assertThat(stdout()).contains("plugged");
        assertThat(run(Map.of(), "--plugins", "plugins", "adapters")).as(stderr()).isZero();
        assertThat(stdout()).contains("plugged");
        assertThat(run(Map.of(), "adapters")).isZero();
        assertThat(stdout()).doesNotContain("plugged");
    }

    @Test
    void aPluginIsADirectoryOfJarsToo() throws IOException {
        Path plugin = Files.createDirectories(plugins.resolve("plugged"));
        jar("plugged/factory.jar", PluggedFactory.class);
        jar("plugged/base.jar", null, TestPluginFactory.class);

        assertThat(run(Map.of(), "adapters", "--plugins", "plugins")).as(stderr()).isZero();
        assertThat(stdout()).contains("plugged", plugin.toString());
    }

    @Test
    void aPluginsAdapterIsSelectedByNameAndItsErrorsReachTheUser() throws IOException {
        jar("plugged.jar", PluggedFactory.class, TestPluginFactory.class);

        int code = run(Map.of(), "plan", "--plugins", "plugins", "--platform", "plugged");

        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(stderr()).contains("test plugin plugged only lists");
    }

    @Test
    void aFileThatIsNotAJarIsRefusedByName() throws IOException {
        Files.write(plugins.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 'n', 'o', 't'});

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + plugins.resolve("broken.jar")
                + " is not a readable jar");
    }

    @Test
    void aJarWithoutAFactoryIsRefused() throws IOException {
        jar("empty.jar", null, TestPluginFactory.class);

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"),
                "plugin " + plugins.resolve("empty.jar") + " declares no adapter: it has no META-INF/services/"
                        + AdapterFactory.class.getName());
    }

    @Test
    void aJarListingNoFactoryOfItsOwnIsRefused() throws IOException {
        Path jar = plugins.resolve("jdk.jar");
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new JarEntry("META-INF/services/" + AdapterFactory.class.getName()));
            zip.write("java.lang.String\n".getBytes(StandardCharsets.UTF_8));
        }

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + jar + " declares no adapter: its"
                + " META-INF/services/" + AdapterFactory.class.getName() + " names no factory of its own");
    }

    @Test
    void aFactoryWhoseConstructorThrowsIsRefusedWithWhatItSaid() throws IOException {
        jar("throwing.jar", ThrowingConstructorFactory.class, TestPluginFactory.class);

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + plugins.resolve("throwing.jar")
                + " cannot load its adapter factory: Provider " + ThrowingConstructorFactory.class.getName()
                + " could not be instantiated: IllegalStateException boom in the constructor");
    }

    @Test
    void aFactoryThatCannotLinkIsRefused() throws IOException {
        jar("half.jar", PluggedFactory.class);

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + plugins.resolve("half.jar")
                + " cannot load its adapter factory", "NoClassDefFoundError", "another SPI than " + AdapterFactory.SPI_VERSION);
    }

    @Test
    void aJarBuiltForAnotherSpiVersionIsRefused() throws IOException {
        jar("future.jar", FutureSpiFactory.class, TestPluginFactory.class);

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + plugins.resolve("future.jar") + " "
                + FutureSpiFactory.class.getName() + " is built for SPI 2.0, which this pxci (SPI " + AdapterFactory.SPI_VERSION + ") cannot run");
    }

    @Test
    void aNameTakenByABuiltInAdapterOrAnotherPluginIsRefusedNamingBoth() throws IOException {
        jar("memory.jar", MemoryAgainFactory.class, TestPluginFactory.class);

        assertRefused(run(Map.of(), "adapters", "--plugins", "plugins"), "plugin " + plugins.resolve("memory.jar")
                + ": the ContainerPlatform adapter name 'memory' is taken by a built-in adapter (" + MemoryPlatformFactory.class.getName());

        Files.delete(plugins.resolve("memory.jar"));
        jar("a.jar", PluggedFactory.class, TestPluginFactory.class);
        jar("b.jar", PluggedFactory.class, TestPluginFactory.class);
        assertRefused(run(Map.of(), "plan", "--plugins", "plugins", "--platform", "plugged"), "plugin "
                + plugins.resolve("b.jar") + ": the ContainerPlatform adapter name 'plugged' is taken by plugin "
                + plugins.resolve("a.jar"));
    }

    @Test
    void aFactoryWhoseCreateThrowsIsOneErrorNamingTheJar() throws IOException {
        jar("failing.jar", FailingCreateFactory.class, TestPluginFactory.class);

        assertRefused(run(Map.of(), "plan", "--plugins", "plugins", "--platform", "failing"), "plugin "
                + plugins.resolve("failing.jar") + ": the ContainerPlatform adapter 'failing' failed to start:"
                + " IllegalStateException bug in create");
    }

    @Test
    void aPluginDirectoryThatIsNamedButMissingIsAnError() {
        assertRefused(run(Map.of(), "adapters", "--plugins", "nowhere"), "the plugin directory " + dir.resolve("nowhere")
                + " (from --plugins) is not a directory");
        assertRefused(run(Map.of("PXCI_PLUGINS", "nowhere"), "adapters"), "(from PXCI_PLUGINS) is not a directory");
    }

    private void assertRefused(int code, String... messages) {
        assertThat(code).as(stdout() + stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).startsWith("pxci: error: ").contains(messages)
                .doesNotContain("\tat ", "Exception in", "--stacktrace");
        assertThat(stderr().lines().count()).as(stderr()).isEqualTo(2);
    }

    /** Packs test classes into {@code name} under the plugin directory; {@code factory} (if any) is its services entry. */
    private Path jar(String name, Class<?> factory, Class<?>... more) throws IOException {
        Path jar = plugins.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(file)) {
            List<Class<?>> classes = new java.util.ArrayList<>(List.of(more));
            if (factory != null) {
                classes.add(factory);
                zip.putNextEntry(new JarEntry("META-INF/services/" + AdapterFactory.class.getName()));
                zip.write((factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                zip.putNextEntry(new JarEntry(entry));
                try (InputStream bytes = c.getClassLoader().getResourceAsStream(entry)) {
                    bytes.transferTo(zip);
                }
            }
        }
        return jar;
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false, dir, new ByteArrayInputStream(new byte[0]));
        return Cli.run(args, console);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
