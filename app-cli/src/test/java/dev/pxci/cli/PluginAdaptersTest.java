package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adapters of plugin jars compiled here as a third party compiles them, one against an older
 * ShellConnector than this host's: what they throw and what they lack reaches the user as one
 * error naming the jar.
 */
class PluginAdaptersTest {
    private static final String FACTORY = """
            package com.thirdparty;
            import dev.pxci.ports.shell.ShellConnector;
            import dev.pxci.ports.spi.AdapterConfig;
            import dev.pxci.ports.spi.AdapterFactory;
            import dev.pxci.ports.spi.ConfigKey;
            import java.util.List;
            public final class RemoteFactory implements AdapterFactory<ShellConnector> {
                public String name() { return "remote"; }
                public Class<ShellConnector> port() { return ShellConnector.class; }
                public String description() { return "a third-party transport"; }
                public List<ConfigKey> configKeys() { return List.of(); }
                public ShellConnector create(AdapterConfig config) { return new RemoteConnector(); }
            }
            """;
    private static final String CONNECTOR = """
            package com.thirdparty;
            import dev.pxci.ports.shell.Shell;
            import dev.pxci.ports.shell.ShellConnector;
            import dev.pxci.ports.shell.ShellTarget;
            final class RemoteConnector implements ShellConnector {
                public Shell open(ShellTarget target) {
                    boolean ownContext = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                    throw new IllegalStateException("no route to " + target.host() + (ownContext ? " (in the plugin's context)" : ""));
                }
                %s
            }
            """;
    /** ShellConnector as an older SPI might have had it: without openWhenReady. */
    private static final String OLD_PORT = """
            package dev.pxci.ports.shell;
            public interface ShellConnector {
                Shell open(ShellTarget target);
            }
            """;

    @TempDir
    Path dir;

    @Test
    void whatAnAdapterThrowsFailsTheCallWithTheJarsNameAndItRunsInItsOwnContext() throws IOException {
        Path jar = plugin(CONNECTOR.formatted("public Shell openWhenReady(ShellTarget t, java.time.Duration d) { return open(t); }"),
                false);
        ShellConnector connector = registry().find(ShellConnector.class, "remote").create(AdapterConfig.empty());

        assertThatThrownBy(() -> connector.openWhenReady(new ShellTarget("10.0.0.9", 22, "ci"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).isEqualTo("plugin " + jar + ": the ShellConnector adapter 'remote' failed in"
                            + " openWhenReady: IllegalStateException no route to 10.0.0.9 (in the plugin's context)");
                });
    }

    @Test
    void anAdapterBuiltAgainstAnOlderPortIsRefusedWhenCreatedNamingWhatItLacks() throws IOException {
        Path jar = plugin(CONNECTOR.formatted(""), true);
        AdapterFactory<ShellConnector> factory = registry().find(ShellConnector.class, "remote");

        assertThatThrownBy(() -> factory.create(AdapterConfig.empty())).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).isEqualTo("plugin " + jar + ": the ShellConnector adapter 'remote' is built against"
                    + " another SPI than " + AdapterFactory.SPI_VERSION + ": com.thirdparty.RemoteConnector lacks"
                    + " openWhenReady(ShellTarget, Duration)");
        });
    }

    private AdapterRegistry registry() {
        Console console = new Console(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()),
                Map.of(PluginDirectory.ENVIRONMENT, dir.resolve("plugins").toString()), false, dir,
                new ByteArrayInputStream(new byte[0]));
        return Plugins.registry(new PluginDirectory(console));
    }

    /** Compiles the factory and {@code connector} (against {@link #OLD_PORT} when asked) and packs the plugin's classes into a jar. */
    private Path plugin(String connector, boolean againstOldPort) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<java.io.File> files = new java.util.ArrayList<>();
        files.add(Files.writeString(src.resolve("RemoteFactory.java"), FACTORY).toFile());
        files.add(Files.writeString(src.resolve("RemoteConnector.java"), connector).toFile());
        if (againstOldPort) {
            files.add(Files.writeString(src.resolve("ShellConnector.java"), OLD_PORT).toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null, List.of("--release", "17", "-proc:none", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjectsFromFiles(files)).call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();

        Path jar = Files.createDirectories(dir.resolve("plugins")).resolve("remote.jar");
        Path own = classes.resolve("com/thirdparty");
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> built = Files.list(own)) {
            zip.putNextEntry(new JarEntry("META-INF/services/" + AdapterFactory.class.getName()));
            zip.write("com.thirdparty.RemoteFactory\n".getBytes(StandardCharsets.UTF_8));
            for (Path c : built.toList()) {
                zip.putNextEntry(new JarEntry("com/thirdparty/" + c.getFileName()));
                zip.write(Files.readAllBytes(c));
            }
        }
        return jar;
    }
}
