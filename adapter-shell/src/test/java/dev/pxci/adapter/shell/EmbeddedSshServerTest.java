package dev.pxci.adapter.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault cases against Apache MINA's embedded SSH server: drops, slow output, refused auth, wrong host keys. */
class EmbeddedSshServerTest {
    @TempDir
    static Path keys;
    static Path hostKey;
    static Path clientKey;
    static Path otherKey;

    @TempDir
    Path dir;
    EmbeddedSshServer server;
    ShellTarget target;

    @BeforeAll
    static void makeKeys() {
        hostKey = SshKeys.generate(keys, "host", "ed25519", "");
        clientKey = SshKeys.generate(keys, "client", "ed25519", "");
        otherKey = SshKeys.generate(keys, "other", "ecdsa", "");
    }

    @BeforeEach
    void startServer() {
        server = EmbeddedSshServer.start(0, hostKey, clientKey);
        target = new ShellTarget("127.0.0.1", server.port(), "root");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ShellConnector connector(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("ssh.private-key", clientKey.toString());
        values.put("ssh.host-key-fingerprint", SshKeys.fingerprint(hostKey));
        values.putAll(extra);
        return new SshShellFactory().create(new AdapterConfig(values, Map.of()));
    }

    private ShellConnector connector() {
        return connector(Map.of());
    }

    @Test
    void runsACommandAndReportsItsExitStatus() {
        try (Shell shell = connector().open(target)) {
            CommandResult ok = shell.execute(Command.of("sh", "-c", "echo out; echo err >&2"));
            CommandResult failed = shell.execute(Command.of("sh", "-c", "exit 3"));

            assertThat(ok.succeeded()).isTrue();
            assertThat(ok.stdout()).isEqualTo("out\n");
            assertThat(ok.stderr()).isEqualTo("err\n");
            assertThat(failed.exitCode()).isEqualTo(3);
            assertThat(shell.describe()).isEqualTo("root@127.0.0.1:" + server.port());
        }
    }

    @Test
    void streamsOutputLinesBeforeTheCommandEnds() throws Exception {
        Path fifo = dir.resolve("gate");
        TestProcesses.run("mkfifo", fifo.toString());
        CountDownLatch firstLine = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Shell shell = connector().open(target)) {
            CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> shell.execute(
                    Command.of("sh", "-c", "echo first; cat \"$0\"; echo last", fifo.toString()),
                    (channel, line) -> {
                        seen.add(line);
                        firstLine.countDown();
                    }));

            assertThat(firstLine.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(running).isNotDone();
            assertThat(seen).containsExactly("first");
            Files.writeString(fifo, "released\n");

            CommandResult result = running.get(20, TimeUnit.SECONDS);
            assertThat(seen).containsExactly("first", "released", "last");
            assertThat(result.stdout()).isEqualTo("first\nreleased\nlast\n");
        }
    }

    @Test
    void aConnectionDroppedMidCommandIsATransientErrorAndIsNotRetried() throws Exception {
        Path fifo = dir.resolve("never-opened");
        TestProcesses.run("mkfifo", fifo.toString());
        Path marker = dir.resolve("runs");
        CountDownLatch started = new CountDownLatch(1);
        try (Shell shell = connector().open(target)) {
            CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> shell.execute(
                    Command.of("sh", "-c", "echo run >> \"$1\"; echo started; cat \"$0\"", fifo.toString(),
                            marker.toString()),
                    (channel, line) -> started.countDown()));
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            server.dropConnections();

            assertThatThrownBy(() -> running.join())
                    .cause()
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
                        assertThat(e.getMessage()).contains("lost", "cat");
                    });
            assertThat(Files.readAllLines(marker)).containsExactly("run");

            CommandResult next = shell.execute(Command.of("echo", "reconnected"));
            assertThat(next.stdout()).isEqualTo("reconnected\n");
        } finally {
            TestProcesses.killAllWith(fifo.toString());
        }
    }

    @Test
    void anUploadInterruptedByADropIsRepeatedOverANewConnection() throws IOException {
        Path source = dir.resolve("big.bin");
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Files.write(source, content);
        Path destination = dir.resolve("out/big.bin");
        server.dropDuringUploads(1, destination);

        try (Shell shell = connector().open(target)) {
            shell.upload(source, destination.toString());
        }

        assertThat(server.uploadDrops()).isEqualTo(1);
        assertThat(server.destinationExistedAtDrop()).isFalse();
        assertThat(Files.readAllBytes(destination)).isEqualTo(content);
        assertThat(server.sessionsOpened()).isEqualTo(2);
        try (var files = Files.list(destination.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("big.bin");
        }
    }

    @Test
    void anUploadThatKeepsDroppingFailsWithoutAHalfFileAndARerunCompletes() throws IOException {
        Path source = dir.resolve("big.bin");
        byte[] content = new byte[1 << 20];
        new Random(11).nextBytes(content);
        Files.write(source, content);
        Path destination = dir.resolve("out/big.bin");
        server.dropDuringUploads(100, destination);

        try (Shell shell = connector().open(target)) {
            assertThatThrownBy(() -> shell.upload(source, destination.toString()))
                    .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
            assertThat(destination).doesNotExist();
            assertThat(server.destinationExistedAtDrop()).isFalse();

            server.dropDuringUploads(0, destination);
            shell.upload(source, destination.toString());
        }
        assertThat(Files.readAllBytes(destination)).isEqualTo(content);
        try (var files = Files.list(destination.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the rerun removed the temporaries the broken upload could not")
                    .containsExactly("big.bin");
        }
    }

    @Test
    void refusedAuthenticationIsUnauthorizedAndNamesTheKey() {
        ShellConnector wrongKey = connector(Map.of("ssh.private-key", otherKey.toString()));

        assertThatThrownBy(() -> wrongKey.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("root", SshKeys.fingerprint(otherKey));
                    assertThat(e.hint()).isPresent();
                });
    }

    @Test
    void aPinnedFingerprintThatDoesNotMatchIsRefusedNamingBoth() {
        String wrong = SshKeys.fingerprint(otherKey);
        ShellConnector pinnedWrong = connector(Map.of("ssh.host-key-fingerprint", wrong));

        assertThatThrownBy(() -> pinnedWrong.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains(wrong, SshKeys.fingerprint(hostKey));
                });
    }

    @Test
    void aKnownHostsEntryWithAnotherKeyIsRefusedNamingBothFingerprints() throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + SshKeys.publicKeyLine(otherKey) + "\n");
        Map<String, String> values = new HashMap<>();
        values.put("ssh.private-key", clientKey.toString());
        values.put("ssh.known-hosts", knownHosts.toString());
        ShellConnector strict = new SshShellFactory().create(new AdapterConfig(values, Map.of()));

        assertThatThrownBy(() -> strict.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains(SshKeys.fingerprint(otherKey), SshKeys.fingerprint(hostKey));
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("ssh-keygen -R"));
                });
    }

    @Test
    void anUnknownHostIsRefusedUnlessAcceptNewIsAskedForWhichThenRemembersIt() throws IOException {
        Path knownHosts = dir.resolve("ssh/known_hosts");
        Map<String, String> values = new HashMap<>();
        values.put("ssh.private-key", clientKey.toString());
        values.put("ssh.known-hosts", knownHosts.toString());

        ShellConnector strict = new SshShellFactory().create(new AdapterConfig(values, Map.of()));
        assertThatThrownBy(() -> strict.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("not known", SshKeys.fingerprint(hostKey));
                });
        assertThat(knownHosts).doesNotExist();

        values.put("ssh.host-key-policy", "accept-new");
        try (Shell shell = new SshShellFactory().create(new AdapterConfig(values, Map.of())).open(target)) {
            assertThat(shell.execute(Command.of("true")).succeeded()).isTrue();
        }
        assertThat(Files.readString(knownHosts))
                .startsWith("[127.0.0.1]:" + server.port() + " ssh-ed25519 ");

        values.remove("ssh.host-key-policy");
        try (Shell shell = new SshShellFactory().create(new AdapterConfig(values, Map.of())).open(target)) {
            assertThat(shell.execute(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void shellsOnTheSameTargetShareOneConnection() {
        ShellConnector connector = connector();
        try (Shell first = connector.open(target)) {
            first.execute(Command.of("true"));
        }
        try (Shell second = connector.open(target); Shell third = connector.open(target)) {
            second.execute(Command.of("true"));
            third.execute(Command.of("true"));
        }
        assertThat(server.sessionsOpened()).isEqualTo(1);
    }

    @Test
    void openWhenReadyWaitsUntilTheServerAnswers() throws Exception {
        ShellConnector connector = connector();
        ServerSocket notYet = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = notYet.getLocalPort();
        ShellTarget later = new ShellTarget("127.0.0.1", port, "root");
        CompletableFuture<Shell> opening = CompletableFuture.supplyAsync(
                () -> connector.openWhenReady(later, Duration.ofSeconds(30)));
        int turnedAway = 0;
        try {
            while (turnedAway < 2) {
                notYet.accept().close();
                turnedAway++;
            }
        } finally {
            notYet.close();
        }
        assertThat(opening).isNotDone();

        EmbeddedSshServer late = EmbeddedSshServer.start(port, hostKey, clientKey);
        try (Shell shell = opening.get(30, TimeUnit.SECONDS)) {
            assertThat(shell.execute(Command.of("echo", "ready")).stdout()).isEqualTo("ready\n");
        } finally {
            late.close();
        }
    }

    @Test
    void openWhenReadyGivesUpWithTimeoutAtTheDeadline() throws IOException {
        // bound but never listening: refused for the whole test, and no parallel test's server can take it
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ShellTarget nobody = new ShellTarget("127.0.0.1", reserved.getLocalPort(), "root");

            assertThatThrownBy(() -> connector().openWhenReady(nobody, Duration.ofMillis(700)))
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).contains("not ready", "connection refused");
                    });
        }
    }

    @Test
    void aHostKeyMismatchIsNotWaitedFor() {
        ShellConnector pinnedWrong = connector(Map.of("ssh.host-key-fingerprint", SshKeys.fingerprint(otherKey)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> pinnedWrong.openWhenReady(target, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anEncryptedKeyIsReadWithItsPassphraseAndAWrongOneNamesTheSetting() {
        Path encrypted = SshKeys.generate(dir, "locked", "ed25519", "open sesame");
        try (EmbeddedSshServer locked = EmbeddedSshServer.start(0, hostKey, encrypted)) {
            Map<String, String> values = Map.of("ssh.private-key", encrypted.toString(),
                    "ssh.host-key-fingerprint", SshKeys.fingerprint(hostKey));
            ShellConnector connector = new SshShellFactory().create(
                    new AdapterConfig(values, Map.of("ssh.passphrase", Secret.of("open sesame"))));
            try (Shell shell = connector.open(new ShellTarget("127.0.0.1", locked.port(), "root"))) {
                assertThat(shell.execute(Command.of("true")).succeeded()).isTrue();
            }

            assertThatThrownBy(() -> new SshShellFactory().create(
                    new AdapterConfig(values, Map.of("ssh.passphrase", Secret.of("wrong")))))
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("ssh.passphrase").doesNotContain("wrong");
                    });
            assertThatThrownBy(() -> new SshShellFactory().create(new AdapterConfig(values, Map.of())))
                    .isInstanceOfSatisfying(PxciException.class, e ->
                            assertThat(e.getMessage()).contains("ssh.passphrase", "encrypted"));
        }
    }

    @Test
    void keepalivesAreSentOnAnIdleConnection() {
        try (Shell shell = connector(Map.of("ssh.keepalive", "100ms")).open(target)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.keepalives() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(server.keepalives()).isGreaterThanOrEqualTo(3);
            assertThat(shell.execute(Command.of("echo", "alive")).stdout()).isEqualTo("alive\n");
        }
    }

    @Test
    void aPasswordIsUsedWhenConfiguredAndOnlyThen() {
        Map<String, String> noKey = Map.of("ssh.host-key-fingerprint", SshKeys.fingerprint(hostKey));
        ShellConnector withPassword = new SshShellFactory().create(
                new AdapterConfig(noKey, Map.of("ssh.password", Secret.of(EmbeddedSshServer.PASSWORD))));
        ShellConnector keyOnly = connector(Map.of("ssh.private-key", otherKey.toString()));

        try (Shell shell = withPassword.open(target)) {
            assertThat(shell.execute(Command.of("true")).succeeded()).isTrue();
        }
        assertThatThrownBy(() -> keyOnly.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain("password");
                });
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured() throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + SshKeys.publicKeyLine(hostKey) + "\n");
        TestProcesses.run("ssh-keygen", "-H", "-f", knownHosts.toString());
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");
        Map<String, String> values = Map.of("ssh.private-key", clientKey.toString(),
                "ssh.known-hosts", knownHosts.toString());

        try (Shell shell = new SshShellFactory().create(new AdapterConfig(values, Map.of())).open(target)) {
            assertThat(shell.execute(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void stderrAndStdoutArriveTaggedWithTheirChannel() {
        List<String> tagged = new CopyOnWriteArrayList<>();
        try (Shell shell = connector().open(target)) {
            shell.execute(Command.of("sh", "-c", "echo a; echo b >&2"),
                    (channel, line) -> tagged.add(channel + ":" + line));
        }
        assertThat(tagged).containsExactlyInAnyOrder(OutputChannel.STDOUT + ":a", OutputChannel.STDERR + ":b");
    }
}
