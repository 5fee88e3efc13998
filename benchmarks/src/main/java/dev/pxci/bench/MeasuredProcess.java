package dev.pxci.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a child process and measures it: wall time from start to exit, and peak
 * resident memory. Memory is polled from {@code /proc} while the process runs: the larger of the
 * process's own high-water mark ({@code VmHWM}) and the largest sum of {@code VmRSS} over the
 * process and its descendants seen at one poll (Ansible forks workers; pxci is one process).
 */
final class MeasuredProcess {
    /** How often memory is sampled; short enough to see a forked worker, cheap enough not to disturb. */
    static final Duration POLL = Duration.ofMillis(20);

    /** What one run of a command cost. */
    record Sample(Duration wall, long peakRssKiB, int exitCode) {
    }

    private MeasuredProcess() {
    }

    /**
     * Runs {@code command} in {@code directory} with exactly {@code environment}, output (stdout
     * and stderr) to {@code log}; fails when it runs longer than {@code timeout}.
     */
    static Sample run(List<String> command, Map<String, String> environment, Path directory, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + timeout.toNanos();
        long peak = 0;
        while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, Rss.ofTree(process.toHandle()));
            if (System.nanoTime() > deadline) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new IllegalStateException(String.join(" ", command) + " ran longer than " + timeout + "; its output:\n"
                        + tail(log));
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return new Sample(wall, peak, process.exitValue());
    }

    /** The last lines of a log, for an error message. */
    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Resident memory of live processes, read from {@code /proc}. */
    static final class Rss {
        private Rss() {
        }

        /** The larger of the root's high-water mark and the current sum over the root and its descendants, in KiB. */
        static long ofTree(ProcessHandle root) {
            long rootPeak = field(root.pid(), "VmHWM:");
            long sum = field(root.pid(), "VmRSS:");
            for (ProcessHandle child : (Iterable<ProcessHandle>) root.descendants()::iterator) {
                sum += field(child.pid(), "VmRSS:");
            }
            return Math.max(rootPeak, sum);
        }

        /** A {@code kB} field of {@code /proc/PID/status}; 0 once the process is gone or is a zombie. */
        static long field(long pid, String name) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                    if (line.startsWith(name)) {
                        return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // the process ended between listing and reading
            }
            return 0;
        }
    }
}
