package dev.pxci.adapter.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalShellTest {
    @TempDir
    Path dir;
    final Shell shell = new LocalShellFactory().create(AdapterConfig.empty())
            .open(new ShellTarget("localhost", 22, "root"));

    @AfterEach
    void closeShell() {
        shell.close();
    }

    @Test
    void reportsExitCodesAndKeepsBothStreams() {
        CommandResult ok = shell.execute(Command.of("sh", "-c", "echo out; echo err >&2"));
        CommandResult failed = shell.execute(Command.of("sh", "-c", "exit 7"));

        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.stdout()).isEqualTo("out\n");
        assertThat(ok.stderr()).isEqualTo("err\n");
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.succeeded()).isFalse();
        assertThat(shell.describe()).isEqualTo("local");
    }

    @Test
    void passesArgumentsUntouchedWithoutAShell() {
        String tricky = "it's $HOME; `rm -rf /` \"quoted\" \\ * \n next line";

        CommandResult result = shell.execute(Command.of("printf", "%s", tricky));

        assertThat(result.stdout()).isEqualTo(tricky);
    }

    @Test
    void streamsLinesWhileTheCommandRuns() throws Exception {
        Path fifo = dir.resolve("gate");
        TestProcesses.run("mkfifo", fifo.toString());
        CountDownLatch first = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();

        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> shell.execute(
                Command.of("sh", "-c", "echo first; cat \"$0\" >&2; printf 'no newline'", fifo.toString()),
                (channel, line) -> {
                    lines.add(channel + " " + line);
                    first.countDown();
                }));
        assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(running).isNotDone();
        Files.writeString(fifo, "from the test\n");
        CommandResult result = running.get(20, TimeUnit.SECONDS);

        assertThat(lines).containsExactly("STDOUT first", "STDERR from the test", "STDOUT no newline");
        assertThat(result.stdout()).isEqualTo("first\nno newline");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() {
        String token = "pxci-local-" + UUID.randomUUID();
        Command command = Command.of("sh", "-c", "sh -c 'sleep 300; echo $0' " + token + " & sleep 300; echo " + token)
                .withTimeout(Duration.ofMillis(500));

        long start = System.nanoTime();
        assertThatThrownBy(() -> shell.execute(command))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("500ms", "killed");
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(TestProcesses.liveProcessesWith(token)).isEmpty();
    }

    @Test
    void environmentAndSecretEnvironmentReachTheProcess() {
        Command command = Command.of("sh", "-c", "printf '%s|%s' \"$PLAIN\" \"$TOKEN\"")
                .withEnvironment("PLAIN", "a b")
                .withSecretEnvironment("TOKEN", Secret.of("s3cr3t-value"));

        CommandResult result = shell.execute(command);

        assertThat(result.stdout()).isEqualTo("a b|***");
    }

    @Test
    void secretValuesAreMaskedInStreamedLinesAndTheResult() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Command command = Command.of("sh", "-c", "echo \"token=$TOKEN\"; cat >&2")
                .withSecretEnvironment("TOKEN", Secret.of("hunter2-hunter2"))
                .withStdin(Secret.of("stdin-secret-value"));

        CommandResult result = shell.execute(command, (channel, line) -> lines.add(line));

        assertThat(lines).containsExactlyInAnyOrder("token=***", "***");
        assertThat(result.stdout() + result.stderr()).doesNotContain("hunter2", "stdin-secret");
        assertThat(command.display()).doesNotContain("hunter2", "stdin-secret");
    }

    @Test
    void stdinIsFedAndClosed() {
        CommandResult result = shell.execute(Command.of("wc", "-l").withStdin(Secret.of("one\ntwo\nthree\n")));
        CommandResult noInput = shell.execute(Command.of("cat"));

        assertThat(result.stdout().trim()).isEqualTo("3");
        assertThat(noInput.succeeded()).isTrue();
        assertThat(noInput.stdout()).isEmpty();
    }

    @Test
    void runsInTheWorkingDirectory() throws IOException {
        CommandResult result = shell.execute(Command.of("pwd").inDirectory(dir.toString()));

        assertThat(result.stdout().trim()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void aMissingProgramOrDirectoryIsNotFound() {
        assertThatThrownBy(() -> shell.execute(Command.of("no-such-program-pxci")))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> shell.execute(Command.of("true").inDirectory(dir.resolve("missing").toString())))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void anInvalidEnvironmentNameIsRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> shell.execute(Command.of("true").withEnvironment("BAD-NAME", "x")))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("BAD-NAME");
                });
    }

    @Test
    void outputIsBoundedAndSaysSoWhenTruncated() {
        CommandResult result = shell.execute(Command.of("sh", "-c",
                "i=0; while [ $i -lt 30000 ]; do echo \"line $i of many, padded to be a little longer\"; i=$((i+1)); done"));

        assertThat(result.truncated()).isTrue();
        assertThat(result.stdout().length()).isLessThanOrEqualTo(1 << 20);
        assertThat(result.stdout()).startsWith("line ").endsWith("line 29999 of many, padded to be a little longer\n");
    }

    @Test
    void uploadsATreeWithModesAndReplacesFilesAtomically() throws IOException {
        Path source = dir.resolve("src");
        Files.createDirectories(source.resolve("bin"));
        Files.writeString(source.resolve("bin/run"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(source.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(source.resolve("config"), "a=1\n");
        Files.setPosixFilePermissions(source.resolve("config"), PosixFilePermissions.fromString("rw-------"));
        Path destination = dir.resolve("deployed/app");
        Files.createDirectories(destination);
        Files.writeString(destination.resolve("config"), "old\n");

        shell.upload(source, destination.toString());

        assertThat(destination.resolve("bin/run")).hasContent("#!/bin/sh\necho hi");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("bin/run"))))
                .isEqualTo("rwxr-x---");
        assertThat(destination.resolve("config")).hasContent("a=1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("config"))))
                .isEqualTo("rw-------");
        try (var left = Files.list(destination)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "config");
        }
    }

    @Test
    void uploadsAndDownloadsOneFile() throws IOException {
        Path source = dir.resolve("one.txt");
        Files.writeString(source, "payload");
        String remote = dir.resolve("remote/one.txt").toString();

        shell.upload(source, remote);
        Path back = dir.resolve("back/one.txt");
        shell.download(remote, back);

        assertThat(back).hasContent("payload");
        assertThatThrownBy(() -> shell.download(dir.resolve("nothing").toString(), back))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void theLocalFactoryHasNoSettingsAndIsAlwaysReady() {
        LocalShellFactory factory = new LocalShellFactory();
        try (Shell ready = factory.create(AdapterConfig.empty())
                .openWhenReady(new ShellTarget("localhost", 22, "root"), Duration.ofMillis(1))) {
            assertThat(ready.execute(Command.of("true")).succeeded()).isTrue();
        }
        assertThat(factory.name()).isEqualTo("local");
        assertThat(factory.configKeys()).isEmpty();
    }
}
