package dev.pxci.adapter.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs helper programs for the tests and looks at the machine's processes through /proc. */
final class TestProcesses {
    private TestProcesses() {
    }

    /** Runs a program to its end and returns its output; fails the test when it exits non-zero. */
    static String run(String... argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", argv) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The argument lists of every process on the machine (as ps shows them), NULs turned into spaces. */
    static List<String> allCommandLines() {
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
                    lines.add(proc.getFileName() + " " + new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return lines;
    }

    /**
     * Polls the argument lists of every process until one contains {@code text} (at most 20 s)
     * and returns that snapshot.
     */
    static List<String> awaitCommandLinesWith(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<String> lines = allCommandLines();
            if (lines.stream().anyMatch(l -> l.contains(text)) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.onSpinWait();
        }
    }

    /** Live (not zombie) processes whose argument list contains {@code token}. */
    static List<String> liveProcessesWith(String token) {
        List<String> found = new ArrayList<>();
        for (String line : allCommandLines()) {
            if (!line.contains(token)) {
                continue;
            }
            String pid = line.substring(0, line.indexOf(' '));
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'Z' && state != 'X') {
                    found.add(line);
                }
            } catch (IOException e) {
                // gone
            }
        }
        return found;
    }

    /** Kills every process whose argument list contains {@code token} (cleanup after a test). */
    static void killAllWith(String token) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(token)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
