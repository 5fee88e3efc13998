package dev.pxci.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The checkout's launcher {@code ./pxci}, run as a user runs it, over the jar the reactor built
 * before the integration tests. The launcher rebuilds when a source is newer than its build stamp;
 * the stamp is given the jar's time, so it runs that jar and builds only if a source changed since.
 * The parent's {@code PXCI_*} variables are not passed on and {@code HOME} is the test's, so only
 * what a test gives reaches the CLI.
 */
final class Launcher {
    private Launcher() {
    }

    /** Exit code and output of a finished run. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** {@code ./pxci}, its build stamp set to the time of the jar the reactor built. */
    static Path script() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("app-cli/target/pxci.jar");
        assertThat(jar).as("the CLI jar is built by the reactor before the integration tests").exists();
        try {
            Path stamp = root.resolve("app-cli/target/pxci.built");
            if (!Files.exists(stamp)) {
                Files.createFile(stamp);
            }
            Files.setLastModifiedTime(stamp, Files.getLastModifiedTime(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root.resolve("pxci");
    }

    /** Runs {@code ./pxci args...} in {@code directory} with {@code HOME=home} and {@code environment}. */
    static Result run(Path directory, Path home, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(List.of(args));
        return exec(command, directory, home, environment);
    }

    /** Runs {@code command} (the launcher somewhere in it) in the same environment as {@link #run}. */
    static Result exec(List<String> command, Path directory, Path home, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile(home, "stdout-", ".log");
            Path err = Files.createTempFile(home, "stderr-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("PXCI_"));
            env.put("HOME", home.toString());
            env.putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish within 3 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
