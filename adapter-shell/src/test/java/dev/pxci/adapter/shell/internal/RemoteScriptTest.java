package dev.pxci.adapter.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the exec line and its standard input through real local shells, as sshd would. */
class RemoteScriptTest {
    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "sh"})
    void argumentsEnvironmentDirectoryAndInputArriveIntact(String loginShell) throws Exception {
        String tricky = "it's \"$HOME\" `id` $(id) \\ * ; \n second line";
        Command command = Command.of("sh", "-c", "printf '[%s]' \"$@\"; printf '{%s}{%s}' \"$PLAIN\" \"$TOKEN\"; pwd; cat",
                        "sh", tricky, "", "plain")
                .withEnvironment("PLAIN", "a 'b' \"c\"\nd")
                .withSecretEnvironment("TOKEN", Secret.of("x'y\"z $HOME\nw"))
                .inDirectory(dir.toString())
                .withStdin(Secret.of("line 1\nline 2 without newline"));
        RemoteScript script = RemoteScript.of(command);

        Run run = run(loginShell, script, command.stdin().get().reveal());

        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo("[" + tricky + "][][plain]{a 'b' \"c\"\nd}{x'y\"z $HOME\nw}"
                + dir.toRealPath() + "\nline 1\nline 2 without newline");
    }

    @Test
    void secretsAreOnlyInTheInputNeverInTheExecLine() {
        Command command = Command.of("true").withSecretEnvironment("TOKEN", Secret.of("very-secret-value"))
                .withStdin(Secret.of("another-secret"));
        RemoteScript script = RemoteScript.of(command);

        assertThat(script.commandLine()).doesNotContain("very-secret-value", "another-secret", "TOKEN");
        assertThat(new String(script.prelude(), StandardCharsets.UTF_8)).contains("very-secret-value");
    }

    @Test
    void theFirstStderrLineReportsTheIdOfTheProcessThatBecomesTheCommand() throws Exception {
        Command command = Command.of("sh", "-c", "echo $$");
        RemoteScript script = RemoteScript.of(command);

        Run run = run("bash", script, "");

        String firstLine = run.stderr().lines().findFirst().orElseThrow();
        OptionalLong pid = script.processIdFrom(firstLine);
        assertThat(pid).isPresent();
        assertThat(run.stdout().trim()).isEqualTo(Long.toString(pid.getAsLong()));
        assertThat(script.processIdFrom("something else")).isEmpty();
        assertThat(RemoteScript.of(command).processIdFrom(firstLine)).as("another run's marker").isEmpty();
    }

    @Test
    void nothingRunsWhenTheInputEndsBeforeTheMarker() throws Exception {
        Path touched = dir.resolve("ran");
        RemoteScript script = RemoteScript.of(Command.of("touch", touched.toString()));
        byte[] prelude = script.prelude();
        byte[] cut = Arrays.copyOf(prelude, prelude.length - 10);

        Run run = run("bash", script.commandLine(), cut);

        assertThat(run.exit()).isEqualTo(RemoteScript.INCOMPLETE_EXIT);
        assertThat(touched).doesNotExist();
    }

    @Test
    void aMissingWorkingDirectoryEndsWith126() throws Exception {
        RemoteScript script = RemoteScript.of(Command.of("true").inDirectory(dir.resolve("missing").toString()));

        assertThat(run("bash", script, "").exit()).isEqualTo(RemoteScript.NO_DIRECTORY_EXIT);
    }

    @Test
    void theKillLineKillsAWholeProcessTree() throws Exception {
        String token = "pxci-tree-" + UUID.randomUUID();
        Process root = new ProcessBuilder("sh", "-c",
                "sh -c 'sleep 300 & sleep 300' " + token + " & sh -c 'sleep 300' " + token + "; wait").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (root.toHandle().descendants().count() < 4 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<ProcessHandle> tree = root.toHandle().descendants().toList();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(4);

        Run kill = run("bash", RemoteScript.killTreeCommandLine(root.pid()), new byte[0]);

        assertThat(kill.exit()).isZero();
        assertThat(root.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle p : tree) {
            assertThat(p.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    private static Run run(String loginShell, RemoteScript script, String input) throws Exception {
        byte[] prelude = script.prelude();
        byte[] extra = input.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(prelude, prelude.length + extra.length);
        System.arraycopy(extra, 0, all, prelude.length, extra.length);
        return run(loginShell, script.commandLine(), all);
    }

    /** Runs {@code commandLine} as sshd does ({@code <login shell> -c <line>}), feeding {@code stdin}. */
    private static Run run(String loginShell, String commandLine, byte[] stdin) throws Exception {
        Process process = new ProcessBuilder(loginShell, "-c", commandLine).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        errReader.join();
        return new Run(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
