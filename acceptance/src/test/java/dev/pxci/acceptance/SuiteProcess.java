package dev.pxci.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged suite ({@code target/pxci-acceptance.jar}) as a user runs it: its own process,
 * the {@code PXCI_ACCEPTANCE_*} variables only (the parent's {@code PXCI_*} are not passed on),
 * output captured to files in its work directory.
 */
final class SuiteProcess {
    private final Process process;
    private final Path stdout;
    final Path work;

    /** Exit code and output of a finished run, with the report file it wrote. */
    record Result(int exitCode, String output, String report) {
    }

    private SuiteProcess(Process process, Path stdout, Path work) {
        this.process = process;
        this.stdout = stdout;
        this.work = work;
    }

    static SuiteProcess start(Map<String, String> variables, Path work) {
        Path jar = Path.of("target", "pxci-acceptance.jar").toAbsolutePath();
        assertThat(jar).as("the suite is packaged before the integration tests").exists();
        try {
            Files.createDirectories(work);
            Path out = Files.createTempFile(work.getParent(), "suite-", ".log");
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    jar.toString()).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("PXCI_"));
            builder.environment().putAll(variables);
            builder.environment().put("PXCI_ACCEPTANCE_WORK", work.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            return new SuiteProcess(process, out, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Map<String, String> variables, Path work) {
        return start(variables, work).await(Duration.ofMinutes(10));
    }

    String outputSoFar() {
        try {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL of the suite and the pxci it runs: nothing gets a chance to clean up. */
    void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitFor();
    }

    /** SIGTERM, as Ctrl-C or a CI timeout sends it. */
    void terminate() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the suite ended").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("the suite did not finish within " + timeout + ":\n" + outputSoFar());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(process.exitValue(), outputSoFar(), report());
    }

    String report() {
        Path report = work.resolve(Suite.REPORT_FILE);
        try {
            return Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
