package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GiteaSimulatorInMemoryTest {
    @TempDir
    Path sandbox;

    /**
     * Runs {@link InMemoryRoundTrip} in a process whose working directory, home, temporary and
     * configuration directories are one empty directory, and finds it still empty afterwards.
     */
    @Test
    void withoutAStateDirectoryASessionWritesNothing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + sandbox, "-Duser.home=" + sandbox,
                "-cp", System.getProperty("java.class.path"), InMemoryRoundTrip.class.getName()))
                .directory(sandbox.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", sandbox.toString());
        pb.environment().put("XDG_CONFIG_HOME", sandbox.resolve(".config").toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        try (Stream<Path> left = Files.walk(sandbox)) {
            assertThat(left.filter(p -> !p.equals(sandbox))).isEmpty();
        }
    }
}
