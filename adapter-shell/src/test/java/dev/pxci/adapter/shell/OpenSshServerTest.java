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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH transport against Debian's real OpenSSH server, started on loopback by the test. */
class OpenSshServerTest {
    static final String PASSPHRASE = "correct horse battery";

    @TempDir
    static Path home;
    static Path ed25519;
    static Path ecdsa;
    static Path rsa;
    static Path stranger;
    static OpenSshServer sshd;
    static ShellTarget target;
    static Path knownHosts;
    static ShellConnector connector;
    static Shell shell;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSshd() throws Exception {
        ed25519 = SshKeys.generate(home, "id_ed25519", "ed25519", PASSPHRASE);
        ecdsa = SshKeys.generate(home, "id_ecdsa", "ecdsa", "");
        rsa = SshKeys.generate(home, "id_rsa", "rsa", "");
        stranger = SshKeys.generate(home, "id_stranger", "ed25519", "");
        sshd = OpenSshServer.start(Files.createDirectory(home.resolve("sshd")), List.of(
                SshKeys.publicKeyLine(ed25519), SshKeys.publicKeyLine(ecdsa), SshKeys.publicKeyLine(rsa)), "VERBOSE");
        target = new ShellTarget("127.0.0.1", sshd.port(), "root");
        knownHosts = home.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + SshKeys.publicKeyLine(sshd.hostKey()) + "\n");
        connector = new SshShellFactory().create(new AdapterConfig(
                Map.of("ssh.private-key", ed25519.toString(), "ssh.known-hosts", knownHosts.toString()),
                Map.of("ssh.passphrase", Secret.of(PASSPHRASE))));
        shell = connector.open(target);
    }

    @AfterAll
    static void stopSshd() {
        if (shell != null) {
            shell.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void reportsExitStatusZeroNonZeroAndDeathBySignal() {
        CommandResult ok = shell.execute(Command.of("sh", "-c", "echo fine; id -un"));
        CommandResult failed = shell.execute(Command.of("sh", "-c", "echo broken >&2; exit 42"));
        CommandResult signalled = shell.execute(Command.of("sh", "-c", "kill -TERM $$"));

        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.stdout()).isEqualTo("fine\nroot\n");
        assertThat(failed.exitCode()).isEqualTo(42);
        assertThat(failed.stderr()).isEqualTo("broken\n");
        assertThat(signalled.signal()).contains("TERM");
        assertThat(signalled.succeeded()).isFalse();
    }

    @Test
    void argumentsWithShellSyntaxArriveAsTheyWere() {
        String tricky = "it's $HOME; `id` $(id) \"q\" \\ * ~ \n2nd";

        CommandResult result = shell.execute(Command.of("printf", "%s|%s", tricky, ""));

        assertThat(result.stdout()).isEqualTo(tricky + "|");
    }

    @Test
    void tenMegabytesOfOutputAreStreamedAndTheResultStaysBounded() {
        String hundred = "0123456789".repeat(10);
        AtomicLong streamedChars = new AtomicLong();
        AtomicLong streamedLines = new AtomicLong();

        CommandResult result = shell.execute(
                Command.of("sh", "-c", "yes " + hundred + " | head -c 10485760"),
                (channel, line) -> {
                    if (channel == OutputChannel.STDOUT) {
                        streamedLines.incrementAndGet();
                        streamedChars.addAndGet(line.length() + 1);
                    }
                });

        assertThat(result.succeeded()).isTrue();
        long lines = 10485760 / 101;
        assertThat(streamedLines.get()).isEqualTo(lines + 1);
        assertThat(streamedChars.get()).isEqualTo(10485760 + 1);
        assertThat(result.truncated()).isTrue();
        assertThat(result.stdout().length()).isBetween(1000 * 1000, 1 << 20);
        assertThat(result.stdout()).startsWith(hundred).endsWith(hundred.substring(0, 10485760 % 101));
    }

    @Test
    void stdinReachesTheCommandByteForByteAndEnds() throws Exception {
        String input = "first line\nsecond: ünïcödé\n\nlast without newline";

        CommandResult result = shell.execute(Command.of("sha256sum").withStdin(Secret.of(input)));

        assertThat(result.stdout()).startsWith(sha256(input) + " ");
    }

    @Test
    void plainAndSecretEnvironmentAndWorkingDirectoryApply() throws Exception {
        String secret = "s3cret 'with' \"quotes\" $and\nnewline";
        Command command = Command.of("sh", "-c", "printf '%s\\n' \"$PLAIN\"; pwd; printf '%s' \"$TOKEN\" | sha256sum")
                .withEnvironment("PLAIN", "plain value")
                .withSecretEnvironment("TOKEN", Secret.of(secret))
                .inDirectory(dir.toString());

        CommandResult result = shell.execute(command);

        assertThat(result.stdout()).isEqualTo("plain value\n" + dir + "\n" + sha256(secret) + "  -\n");
    }

    @Test
    void aTimeoutKillsTheRemoteProcessTree() {
        String token = "pxci-remote-" + UUID.randomUUID();
        Command command = Command.of("sh", "-c",
                "sh -c 'sleep 300' " + token + " & sh -c 'sleep 300 & wait' " + token + "; wait")
                .withTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(() -> shell.execute(command))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("process tree was killed");
                });

        assertThat(TestProcesses.liveProcessesWith(token)).isEmpty();
        assertThat(shell.execute(Command.of("echo", "still usable")).stdout()).isEqualTo("still usable\n");
    }

    @Test
    void uploadsATreeOfAThousandFilesWithTheirModes() throws IOException {
        Path source = dir.resolve("tree");
        String[] modes = {"rw-r--r--", "rwxr-xr-x", "rw-------", "rw-r-----"};
        for (int d = 0; d < 10; d++) {
            Path sub = Files.createDirectories(source.resolve("dir" + d));
            for (int f = 0; f < 100; f++) {
                Path file = sub.resolve("file" + f + ".txt");
                Files.writeString(file, "content of " + d + "/" + f + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(modes[f % modes.length]));
            }
        }
        Files.setPosixFilePermissions(source.resolve("dir3"), PosixFilePermissions.fromString("rwx------"));
        Path destination = dir.resolve("uploaded");

        shell.upload(source, destination.toString());

        List<Path> copied;
        try (Stream<Path> walk = Files.walk(destination)) {
            copied = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(copied).hasSize(1000);
        for (Path file : copied) {
            Path original = source.resolve(destination.relativize(file).toString());
            assertThat(Files.readString(file)).isEqualTo(Files.readString(original));
            assertThat(Files.getPosixFilePermissions(file)).as("%s", file)
                    .isEqualTo(Files.getPosixFilePermissions(original));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("dir3"))))
                .isEqualTo("rwx------");
    }

    @Test
    void downloadsAFile() throws IOException {
        Path remote = dir.resolve("remote.txt");
        Files.writeString(remote, "from the server");
        Path local = dir.resolve("local/copy.txt");

        shell.download(remote.toString(), local);

        assertThat(local).hasContent("from the server");
        assertThatThrownBy(() -> shell.download(dir.resolve("absent").toString(), local))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void ecdsaAndRsaKeysInOpenSshFormatAuthenticateToo() {
        for (Path key : List.of(ecdsa, rsa)) {
            ShellConnector other = new SshShellFactory().create(new AdapterConfig(
                    Map.of("ssh.private-key", key.toString(), "ssh.known-hosts", knownHosts.toString()), Map.of()));
            try (Shell s = other.open(target)) {
                assertThat(s.execute(Command.of("echo", key.getFileName().toString())).stdout())
                        .isEqualTo(key.getFileName() + "\n");
            }
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() {
        ShellConnector other = new SshShellFactory().create(new AdapterConfig(
                Map.of("ssh.private-key", stranger.toString(), "ssh.known-hosts", knownHosts.toString()), Map.of()));

        assertThatThrownBy(() -> other.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains(SshKeys.fingerprint(stranger));
                });
    }

    @Test
    void aHostKeyMismatchIsRefusedWithBothFingerprints() throws IOException {
        Path wrongHosts = dir.resolve("known_hosts");
        Files.writeString(wrongHosts, "[127.0.0.1]:" + sshd.port() + " " + SshKeys.publicKeyLine(stranger) + "\n");
        ShellConnector suspicious = new SshShellFactory().create(new AdapterConfig(
                Map.of("ssh.private-key", ecdsa.toString(), "ssh.known-hosts", wrongHosts.toString()), Map.of()));

        assertThatThrownBy(() -> suspicious.open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage())
                            .contains(SshKeys.fingerprint(sshd.hostKey()), SshKeys.fingerprint(stranger));
                });
    }

    @Test
    void aSecretAppearsInNoCommandLineOutputLogOrError() throws Exception {
        String envSecret = "pxci-env-" + UUID.randomUUID();
        String stdinSecret = "pxci-stdin-" + UUID.randomUUID();
        Path gate = dir.resolve("gate");
        TestProcesses.run("mkfifo", gate.toString());
        CountDownLatch running = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        Command command = Command.of("sh", "-c",
                        "read given; echo \"given $given\"; echo \"env $TOKEN\" >&2; cat \"$0\" > /dev/null; echo done",
                        gate.toString())
                .withSecretEnvironment("TOKEN", Secret.of(envSecret))
                .withStdin(Secret.of(stdinSecret + "\n"));
        try (OpenSshServer chatty = OpenSshServer.start(Files.createDirectory(dir.resolve("sshd")),
                List.of(SshKeys.publicKeyLine(ecdsa)), "DEBUG3");
                Shell debugged = new SshShellFactory().create(new AdapterConfig(Map.of(
                        "ssh.private-key", ecdsa.toString(),
                        "ssh.host-key-fingerprint", SshKeys.fingerprint(chatty.hostKey())), Map.of()))
                        .open(new ShellTarget("127.0.0.1", chatty.port(), "root"))) {

            CompletableFuture<CommandResult> result = CompletableFuture.supplyAsync(() -> debugged.execute(command,
                    (channel, line) -> {
                        lines.add(line);
                        if (line.startsWith("env ")) {
                            running.countDown();
                        }
                    }));
            assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
            List<String> commandLines = TestProcesses.awaitCommandLinesWith("cat " + gate);
            String ps = TestProcesses.run("ps", "-eww", "-o", "pid=,args=");
            Files.writeString(gate, "go\n");
            CommandResult finished = result.get(20, TimeUnit.SECONDS);
            String timeoutError = timeoutErrorOf(debugged, Command.of("sh", "-c", "echo \"$TOKEN\"; sleep 300")
                    .withSecretEnvironment("TOKEN", Secret.of(envSecret))
                    .withTimeout(Duration.ofMillis(800)));

            assertThat(commandLines).anySatisfy(l -> assertThat(l).contains("cat " + gate));
            assertThat(ps).contains("cat " + gate);
            assertThat(finished.stdout()).isEqualTo("given ***\ndone\n");
            assertThat(lines).contains("given ***", "env ***");
            assertThat(chatty.log()).hasSizeGreaterThan(50);
            List<String> everything = new ArrayList<>(commandLines);
            everything.add(ps);
            everything.addAll(lines);
            everything.add(finished.stdout());
            everything.add(finished.stderr());
            everything.add(command.display());
            everything.add(timeoutError);
            everything.addAll(chatty.log());
            assertThat(everything).allSatisfy(text -> assertThat(text).doesNotContain(envSecret, stdinSecret));
        }
    }

    private static String timeoutErrorOf(Shell on, Command command) {
        try {
            on.execute(command);
            throw new AssertionError("expected a timeout");
        } catch (PxciException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("***");
            return e + " " + e.hint().orElse("");
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
