package dev.pxci.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher in a copied checkout: the class-data sharing archive the build trained names the
 * build's paths, so the JVM would refuse it there without a word; the launcher trains one that fits
 * the copy, or says why it runs without one. {@code -Xshare:on} makes the JVM fail rather than start
 * without the archive, so a run that succeeds with it proves the archive was mapped.
 */
class StartupArchiveIT {
    private static final String TRAINING = "pxci: training the class-data sharing archive";
    private static final String WITHOUT = "pxci: running without the class-data sharing archive";
    private static final Map<String, String> ARCHIVE_REQUIRED = Map.of("PXCI_JAVA_OPTS", "-Xshare:on");

    @TempDir
    Path home;

    private Path copy;

    @BeforeEach
    void copyTheBuiltLauncher() throws IOException {
        Path root = Launcher.script().getParent();
        copy = Files.createDirectories(home.resolve("elsewhere/checkout"));
        Files.copy(root.resolve("pxci"), copy.resolve("pxci"));
        Files.setPosixFilePermissions(copy.resolve("pxci"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path built = root.resolve("app-cli/target");
        for (String part : List.of("pxci.jar", "pxci.built", "pxci.jsa", "pxci.jsa.fit", "lib", "cds")) {
            copyTree(built.resolve(part), copy.resolve("app-cli/target").resolve(part));
        }
    }

    @Test
    void aCopiedCheckoutTrainsAnArchiveThatFitsItOnce() {
        Launcher.Result refused = Launcher.exec(List.of(javaHome().resolve("bin/java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + copy.resolve("app-cli/target/pxci.jsa"),
                "-jar", copy.resolve("app-cli/target/pxci.jar").toString(), "--version"), home, home, Map.of());
        assertThat(refused.exitCode()).as("the build's archive does not fit the copy: " + refused.all()).isNotZero();

        Launcher.Result first = run(ARCHIVE_REQUIRED);
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).startsWith("pxci ");
        assertThat(first.stderr()).contains(TRAINING).doesNotContain(WITHOUT);

        Launcher.Result second = run(ARCHIVE_REQUIRED);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.stderr()).as("trained once, then mapped as it is").isEmpty();
    }

    @Test
    void whenTrainingFailsTheLauncherSaysWhyAndRunsWithoutTheArchive() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), """
                #!/bin/sh
                for a in "$@"; do case $a in -Xshare:dump) echo "no archive on this JVM" >&2; exit 1;; esac; done
                exec %s "$@"
                """.formatted(javaHome().resolve("bin/java")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));

        Launcher.Result first = run(path);
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).startsWith("pxci ");
        assertThat(first.stderr()).contains(TRAINING).contains(WITHOUT + ", so starting slower: the archive could not be dumped:"
                + " no archive on this JVM");

        Launcher.Result second = run(path);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.stderr()).as("not trained again for the same JVM and jars, but said again")
                .doesNotContain(TRAINING).contains(WITHOUT);
    }

    private Launcher.Result run(Map<String, String> environment) {
        return Launcher.exec(List.of(copy.resolve("pxci").toString(), "--version"), home, home, environment);
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
