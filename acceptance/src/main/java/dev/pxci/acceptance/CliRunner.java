package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real CLI as a child process, pointed at the cluster through its own environment variables
 * ({@code PXCI_PROXMOX_*}, the id range, the SSH key), never through its command line, so the
 * secret is in no process listing. Output is kept in the work directory. One run at a time;
 * {@link #stop} ends the running one and refuses new ones (for the shutdown hook).
 */
final class CliRunner {

    /** One finished run: exit code, output (secret scrubbed), and the run report of {@code --output json}. */
    record Run(int exitCode, String stdout, String stderr, Optional<JsonNode> report, Duration elapsed) {
        /** The outcome of {@code stage} in the report ({@code changed}, {@code unchanged}, ...), or empty. */
        Optional<String> outcome(String stage) {
            return report.flatMap(r -> {
                for (JsonNode s : r.path("stages")) {
                    if (s.path("stage").asText().equals(stage)) {
                        return Optional.of(s.path("outcome").asText());
                    }
                }
                return Optional.empty();
            });
        }

        boolean changed() {
            return report.map(r -> r.path("changed").asBoolean()).orElse(false);
        }

        String tail() {
            String all = (stderr + "\n" + stdout).strip();
            return all.length() <= 600 ? all : "..." + all.substring(all.length() - 600);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Path jar;
    private final Path work;
    private final AtomicReference<Process> running = new AtomicReference<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private int sequence;

    CliRunner(Settings settings, Path jar, Path work) {
        this.settings = settings;
        this.jar = jar;
        this.work = work;
    }

    /** Runs {@code pxci args...} in the work directory, at most {@code timeout}. */
    Run run(Duration timeout, String... args) {
        if (stopped.get()) {
            throw new IllegalStateException("the suite is stopping: no further pxci runs");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        int n = ++sequence;
        Path out = work.resolve("pxci-" + n + ".out");
        Path err = work.resolve("pxci-" + n + ".err");
        long started = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("PXCI_"));
            env.putAll(environment());
            Process process = builder.start();
            process.getOutputStream().close();
            running.set(process);
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                end(process);
            }
            running.set(null);
            String stdout = settings.scrub(Files.readString(out, StandardCharsets.UTF_8));
            String stderr = settings.scrub(Files.readString(err, StandardCharsets.UTF_8));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (!finished) {
                return new Run(-1, stdout, stderr + "\npxci did not finish within " + timeout.toSeconds() + "s",
                        Optional.empty(), elapsed);
            }
            return new Run(process.exitValue(), stdout, stderr, report(stdout), elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pxci ran", e);
        }
    }

    /** Ends the running CLI (SIGTERM, then SIGKILL after 10 s) and refuses further runs. */
    void stop() {
        stopped.set(true);
        Process process = running.get();
        if (process != null) {
            end(process);
        }
    }

    private static void end(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PXCI_PROXMOX_URL", settings.url());
        env.put("PXCI_PROXMOX_TOKEN", settings.tokenId());
        env.put("PXCI_PROXMOX_SECRET", settings.secret().reveal());
        env.put("PXCI_PROXMOX_ID_RANGE", settings.ids().toString());
        settings.fingerprint().ifPresent(f -> env.put("PXCI_PROXMOX_FINGERPRINT", f));
        settings.caFile().ifPresent(f -> env.put("PXCI_PROXMOX_CA_FILE", f.toString()));
        settings.sshKey().ifPresent(k -> {
            env.put("PXCI_SSH_PRIVATE_KEY", k.toString());
            env.put("PXCI_SSH_HOST_KEY_POLICY", "accept-new");
            Path publicKey = Path.of(k + ".pub");
            if (Files.isReadable(publicKey)) {
                env.put("PXCI_SSH_PUBLIC_KEY", publicKey.toString());
            }
        });
        return env;
    }

    /** The report of the last {@code run_finished} event of {@code --output json}. */
    private static Optional<JsonNode> report(String stdout) {
        Optional<JsonNode> found = Optional.empty();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{") && line.contains("\"run_finished\"")) {
                try {
                    found = Optional.of(JSON.readTree(line).path("report"));
                } catch (IOException e) {
                    // not a JSON line after all: the report is looked for in the others
                }
            }
        }
        return found;
    }
}
