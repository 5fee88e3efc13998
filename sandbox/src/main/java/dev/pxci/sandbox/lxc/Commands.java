package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Host commands with a time limit; a failure names the command, its exit code and its last lines. */
final class Commands {

    /** A finished command: its exit code and its output (stdout and stderr together). */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** How long a long command may take to clean up after it is told to stop. */
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(60);

    private Commands() {
    }

    /** Runs a command and returns its output; fails unless it exits 0 within {@code timeout}. */
    static String run(Duration timeout, String... command) {
        Result result = exec(timeout, command);
        if (!result.succeeded()) {
            throw failure(command, "exit " + result.exitCode(), result.output());
        }
        return result.output();
    }

    /** Runs a command and returns how it ended; fails only when it cannot start or outlives {@code timeout}. */
    static Result exec(Duration timeout, String... command) {
        return exec(timeout, Path.of("/dev/null"), command);
    }

    /** Runs a command reading {@code input} (opened here, by this process) and returns its output; fails unless it exits 0. */
    static String runWithInput(Duration timeout, Path input, String... command) {
        Result result = exec(timeout, input, command);
        if (!result.succeeded()) {
            throw failure(command, "exit " + result.exitCode(), result.output());
        }
        return result.output();
    }

    private static Result exec(Duration timeout, Path input, String... command) {
        Path output = null;
        try {
            output = Files.createTempFile("pxci-lxc-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure(command, "no end within " + timeout.toSeconds() + " s", Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntime.Failure("interrupted while running " + command[0], e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Runs a long command, handing each line it prints to {@code lines}; fails unless it exits 0 in time. */
    static void stream(Duration timeout, Consumer<String> lines, List<String> command) {
        String[] words = command.toArray(String[]::new);
        StringBuilder tail = new StringBuilder();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.accept(line);
                        synchronized (tail) {
                            tail.append(line).append('\n');
                            if (tail.length() > 4000) {
                                tail.delete(0, tail.length() - 4000);
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended; its exit code tells the rest
                }
            }, "pxci-lxc-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // TERM first: mmdebstrap then unmounts what it mounted and removes its directory
                process.destroy();
                if (!process.waitFor(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
                throw failure(words, "no end within " + timeout.toSeconds() + " s", tail.toString());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                synchronized (tail) {
                    throw failure(words, "exit " + process.exitValue(), tail.toString());
                }
            }
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntime.Failure("interrupted while running " + command.get(0), e);
        }
    }

    private static ContainerRuntime.Failure failure(String[] command, String how, String output) {
        List<String> last = output.lines().filter(line -> !line.isBlank()).toList();
        String shown = String.join(" | ", last.subList(Math.max(0, last.size() - 4), last.size()));
        return new ContainerRuntime.Failure(String.join(" ", command) + " failed (" + how + ")"
                + (shown.isEmpty() ? "" : ": " + shown));
    }
}
