package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.adapter.shell.EmbeddedSshServer;
import dev.pxci.adapter.shell.SshKeys;
import dev.pxci.adapter.shell.SshShellFactory;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh transport against Apache MINA's SSH server (shared from adapter-shell's tests): a
 * connection dropped in the middle of an upload, and host keys that are unknown or changed.
 */
class ShellFaultsIT {
    @TempDir
    static Path keys;
    static Path hostKey;
    static Path clientKey;
    static Path oldHostKey;

    @TempDir
    Path dir;
    EmbeddedSshServer server;
    ShellTarget target;

    @BeforeAll
    static void makeKeys() {
        hostKey = SshKeys.generate(keys, "host", "ed25519", "");
        clientKey = SshKeys.generate(keys, "client", "ed25519", "");
        oldHostKey = SshKeys.generate(keys, "old-host", "ed25519", "");
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

    private static ShellConnector connector(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        values.put("ssh.private-key", clientKey.toString());
        values.putAll(settings);
        return new SshShellFactory().create(new AdapterConfig(values, Map.of()));
    }

    private ShellConnector pinned() {
        return connector(Map.of("ssh.host-key-fingerprint", SshKeys.fingerprint(hostKey)));
    }

    /** A tree of three files, one of them large enough to be written in many SFTP packets. */
    private Path tree(long seed) throws IOException {
        Path source = dir.resolve("bundle");
        Files.createDirectories(source.resolve("recipes"));
        byte[] big = new byte[1 << 20];
        new Random(seed).nextBytes(big);
        Files.write(source.resolve("cache.bin"), big);
        Files.writeString(source.resolve("recipes/default.rb"), "package 'gitea'\n");
        Files.writeString(source.resolve("metadata.rb"), "name 'config'\n");
        return source;
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void anUploadDroppedOnceIsRepeatedOverANewConnectionAndLeavesNoTemporaryFile() throws IOException {
        Path source = tree(3);
        Path destination = dir.resolve("remote/bundle");
        server.dropDuringUploads(1, destination.resolve("cache.bin"));

        try (Shell shell = pinned().open(target)) {
            shell.upload(source, destination.toString());
        }

        assertThat(server.uploadDrops()).isEqualTo(1);
        assertThat(server.destinationExistedAtDrop()).as("no half file under the real name at the drop").isFalse();
        assertThat(listing(destination)).containsExactly("cache.bin", "metadata.rb", "recipes/default.rb");
        assertThat(Files.readAllBytes(destination.resolve("cache.bin"))).isEqualTo(Files.readAllBytes(source.resolve("cache.bin")));
    }

    @Test
    void anUploadThatKeepsDroppingFailsWithoutAHalfFileAndARerunCompletesCleanly() throws IOException {
        Path source = tree(5);
        Path destination = dir.resolve("remote/bundle");
        server.dropDuringUploads(1000, destination.resolve("cache.bin"));

        try (Shell shell = pinned().open(target)) {
            assertThatThrownBy(() -> shell.upload(source, destination.toString()))
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
                        assertThat(e.getMessage()).contains("cache.bin");
                    });
        }
        assertThat(destination.resolve("cache.bin")).as("no half file under the real name").doesNotExist();
        assertThat(server.destinationExistedAtDrop()).isFalse();

        server.dropDuringUploads(0, destination);
        try (Shell shell = pinned().open(target)) {
            shell.upload(source, destination.toString());
            assertThat(shell.execute(Command.of("cat", destination.resolve("metadata.rb").toString())).stdout())
                    .isEqualTo("name 'config'\n");
        }
        assertThat(listing(destination)).as("the rerun leaves the tree and nothing else")
                .containsExactly("cache.bin", "metadata.rb", "recipes/default.rb");
        assertThat(Files.readAllBytes(destination.resolve("cache.bin"))).isEqualTo(Files.readAllBytes(source.resolve("cache.bin")));
    }

    @Test
    void hostKeysAreVerifiedByDefaultSoAnUnknownHostIsRefused() throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "");

        assertThatThrownBy(() -> connector(Map.of("ssh.known-hosts", knownHosts.toString())).open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("not known", SshKeys.fingerprint(hostKey));
                });
        assertThat(Files.readString(knownHosts)).as("nothing was trusted on the way").isEmpty();
    }

    @Test
    void aChangedHostKeyIsRefusedNamingBothFingerprints() throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        String remembered = "[127.0.0.1]:" + server.port() + " " + SshKeys.publicKeyLine(oldHostKey) + "\n";
        Files.writeString(knownHosts, remembered);

        for (String policy : List.of("strict", "accept-new")) {
            ShellConnector connector = connector(Map.of("ssh.known-hosts", knownHosts.toString(), "ssh.host-key-policy", policy));
            assertThatThrownBy(() -> connector.open(target))
                    .as("policy %s", policy)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.getMessage()).contains(SshKeys.fingerprint(oldHostKey), SshKeys.fingerprint(hostKey));
                    });
        }
        assertThat(Files.readString(knownHosts)).as("the remembered key is not replaced").isEqualTo(remembered);
    }

    @Test
    void aWrongPinnedHostKeyFingerprintIsRefusedNamingBoth() {
        String wrong = SshKeys.fingerprint(oldHostKey);

        assertThatThrownBy(() -> connector(Map.of("ssh.host-key-fingerprint", wrong)).open(target))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains(wrong, SshKeys.fingerprint(hostKey));
                });
    }
}
