package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real third-party tool as a child process and captures its output. A missing tool is a
 * test failure that says what to install (CI installs it), never a skip.
 */
final class ExternalTool {

    /** Exit code and combined stdout/stderr of one run. */
    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    /** Debian's interpreter, where the packaged modules (proxmoxer, ansible) live. */
    static String debianPython() {
        Path debian = Path.of("/usr/bin/python3");
        return Files.isExecutable(debian) ? debian.toString() : "python3";
    }

    static void requirePythonModule(String module, String debianPackage) {
        Result probe = run(List.of(debianPython(), "-c", "import " + module), Map.of(), Path.of("."),
                Duration.ofSeconds(30));
        assertThat(probe.exitCode())
                .as("python module '%s' is missing: install the Debian package %s (CI's .ci/run does)\n%s",
                        module, debianPackage, probe.output())
                .isZero();
    }

    static Path requireExecutable(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not on the PATH: install the Debian package " + debianPackage
                + " (CI's .ci/run does)");
    }

    static Result run(List<String> command, Map<String, String> environment, Path workingDirectory, Duration timeout) {
        try {
            Path log = Files.createTempFile("pxci-it-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command.get(0) + " did not finish within " + timeout + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command.get(0), e);
        }
    }
}
