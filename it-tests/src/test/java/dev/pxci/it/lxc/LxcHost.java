package dev.pxci.it.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.cli.Cli;
import dev.pxci.cli.Console;
import dev.pxci.sandbox.lxc.LxcRuntime;
import dev.pxci.sandbox.lxc.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the LXC sandbox tests share: the CLI in this JVM, a state directory that unprivileged
 * containers can traverse, and the host's own view of the containers (lxc-info, lxc-attach).
 */
final class LxcHost implements AutoCloseable {

    /** Exit code and what a CLI run printed. */
    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    final Path state;
    final Path workingDirectory;

    private LxcHost(Path state, Path workingDirectory) {
        this.state = state;
        this.workingDirectory = workingDirectory;
    }

    /** A fresh state directory; fails (naming the packages) when the host cannot run the LXC sandbox. */
    static LxcHost open() throws IOException {
        assertThat(Prerequisites.missing()).as("the LXC sandbox tests need root and Debian's lxc, mmdebstrap, zstd,"
                + " apt-cacher-ng (what .ci/run installs)").isEmpty();
        Path state = Files.createTempDirectory(Path.of("/tmp"), "pxci-lxc-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        return new LxcHost(state, repositoryRoot());
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    }

    Run pxci(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sandbox", "--sandbox-runtime", "lxc", "--state", state.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, workingDirectory,
                new ByteArrayInputStream(new byte[0]));
        int code = Cli.run(all.toArray(String[]::new), console);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path lxcPath() {
        return state.resolve("lxc");
    }

    /** {@code lxc-info -H} of one container: State, PID, Memory use, ... as the host sees it. */
    Map<String, String> info(int vmid) {
        String output = host("lxc-info", "-P", lxcPath().toString(), "-n", Integer.toString(vmid), "-H");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        output.lines().filter(line -> line.contains(":")).forEach(line -> fields.putIfAbsent(
                line.substring(0, line.indexOf(':')).strip(), line.substring(line.indexOf(':') + 1).strip()));
        return fields;
    }

    /** Runs a command inside a running container through lxc-attach (not through SSH). */
    String attach(int vmid, String script) {
        return host("lxc-attach", "-P", lxcPath().toString(), "-n", Integer.toString(vmid), "--clear-env", "--",
                "/bin/sh", "-c", script);
    }

    static String host(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file below the sandbox's share volumes. */
    List<Path> volumeFiles() throws IOException {
        Path volumes = state.resolve("volumes");
        if (!Files.exists(volumes)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(volumes)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** Removes the containers, their volumes and (when nothing else uses it) the bridge, then the state. */
    @Override
    public void close() throws IOException {
        LxcRuntime.removeAll(state);
        try (Stream<Path> all = Files.walk(state)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
