package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@code app-cli/target/pxci.jar}, built by the reactor before the integration
 * tests run) as a child process: its own working directory, environment, temporary directory and
 * captured output. The parent's {@code PXCI_*} variables are not passed on, so only what a test
 * gives reaches the child.
 */
final class PxciProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    /** Exit code and output of a finished run. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private PxciProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path jar() {
        Path jar = Path.of("..", "app-cli", "target", "pxci.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the CLI jar is built by the reactor before the integration tests").exists();
        return jar;
    }

    /**
     * Starts {@code pxci args...} in {@code workingDirectory} with {@code environment}; the child's
     * temporary files go to {@code tmp} (TMPDIR and java.io.tmpdir), its output to files in {@code logs}.
     */
    static PxciProcess start(Path workingDirectory, Map<String, String> environment, Path tmp, Path logs, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(logs);
            Path out = Files.createTempFile(logs, "stdout-", ".log");
            Path err = Files.createTempFile(logs, "stderr-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("PXCI_"));
            env.put("TMPDIR", tmp.toString());
            env.putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new PxciProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs to the end (at most {@code timeout}) and returns the result. */
    static Result run(Path workingDirectory, Map<String, String> environment, Path tmp, Path logs, Duration timeout,
            String... args) {
        return start(workingDirectory, environment, tmp, logs, args).await(timeout);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed CLI is gone").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends {@code SIGINT} (what Ctrl-C sends) or {@code SIGTERM} to the CLI, as {@code kill -SIGNAL} would. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s sent", name).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String stderrSoFar() {
        return read(stderr);
    }

    String stdoutSoFar() {
        return read(stdout);
    }

    Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("pxci did not finish within " + timeout + ":\n" + read(stdout) + read(stderr));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings that point the proxmox adapter at a simulator, as environment variables. */
    static Map<String, String> proxmoxEnvironment(dev.pxci.sandbox.pve.PveSimulator sim) {
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_PROXMOX_URL", sim.baseUrl());
        env.put("PXCI_PROXMOX_TOKEN", sim.tokenId());
        env.put("PXCI_PROXMOX_SECRET", sim.tokenSecret());
        env.put("PXCI_PROXMOX_FINGERPRINT", sim.fingerprint());
        return env;
    }
}
