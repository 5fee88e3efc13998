package dev.pxci.it.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real CLI, as its own process, on a host whose PATH lacks LXC's and mmdebstrap's commands. */
class LxcPrerequisitesIT {

    @Test
    void withoutLxcTheRuntimeIsRefusedInOneLineNamingTheInstallCommand() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.pxci.cli.Main", "apply", "--sandbox", "--sandbox-runtime", "lxc", "--config", "examples/lxc",
                "--state", "/nonexistent/pxci-state")
                .directory(LxcHost.repositoryRoot().toFile());
        builder.environment().put("PATH", "/nonexistent");
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr.lines()).singleElement().asString()
                .startsWith("pxci: error: --sandbox-runtime lxc needs ")
                .contains("lxc-start, lxc-usernsexec, newuidmap, mmdebstrap, zstd, ssh-keygen")
                .endsWith("(install with: apt-get install lxc uidmap mmdebstrap zstd openssh-client)");
        assertThat(Path.of("/nonexistent")).doesNotExist();
    }
}
