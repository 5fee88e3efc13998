package dev.pxci.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kit's wrapper scripts as processes on this host as a container runs them where no
 * whole JVM is mounted: {@code PXCI_STANDIN_HOME} is the kit, so they run on the kit's own
 * runtime and {@code lib/}. Keeps what they print in files, and stops the long-running ones at
 * the end.
 */
final class StandinProcesses implements AutoCloseable {
    /** A finished command: its status and what it printed. */
    record Result(int exit, String stdout, String stderr) {
    }

    /** A command still running, with the files its output goes to. */
    record Running(Process process, Path stdout, Path stderr) {
        String output() {
            try {
                return Files.readString(stdout) + Files.readString(stderr);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Path kit;
    private final Path logs;
    private final Map<String, String> env;
    private final List<Process> started = new ArrayList<>();
    private int count;

    StandinProcesses(Path kit, Path logs, Map<String, String> env) {
        this.kit = kit;
        this.logs = logs;
        this.env = env;
    }

    Result run(String binary, String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        Running running = start(binary, extraEnv, args);
        if (stdin != null) {
            running.process().getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        running.process().getOutputStream().close();
        assertThat(running.process().waitFor(60, TimeUnit.SECONDS)).as(binary + " " + String.join(" ", args))
                .isTrue();
        return new Result(running.process().exitValue(), Files.readString(running.stdout()),
                Files.readString(running.stderr()));
    }

    Result run(String binary, String... args) throws Exception {
        return run(binary, null, Map.of(), args);
    }

    Running start(String binary, Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(kit.resolve("bin").resolve(binary).toString());
        command.addAll(List.of(args));
        int n = ++count;
        Path out = logs.resolve(n + "-" + binary + ".out");
        Path err = logs.resolve(n + "-" + binary + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .directory(logs.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PXCI_STANDIN_"));
        pb.environment().put("PXCI_STANDIN_HOME", kit.toString());
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        Process process = pb.start();
        started.add(process);
        return new Running(process, out, err);
    }

    /** Stops a long-running command as systemd does (SIGTERM) and waits for it. */
    static int stop(Running running) throws InterruptedException {
        running.process().destroy();
        assertThat(running.process().waitFor(20, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        return running.process().exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
