package dev.pxci.it.cinc;

import dev.pxci.adapter.shell.OpenSshServer;
import dev.pxci.adapter.shell.SshKeys;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An open shell through a real transport, found through the SPI as the CLI finds it: {@code local}
 * (this machine), or {@code ssh} to the real OpenSSH server started on loopback for the tests.
 */
final class TestTransport implements AutoCloseable {
    private final Shell shell;
    private final ShellTarget target;
    private final Optional<OpenSshServer> sshd;
    private final Optional<Path> dir;

    private TestTransport(Shell shell, ShellTarget target, Optional<OpenSshServer> sshd, Optional<Path> dir) {
        this.shell = shell;
        this.target = target;
        this.sshd = sshd;
        this.dir = dir;
    }

    static TestTransport local() {
        ShellTarget target = new ShellTarget("localhost", 22, System.getProperty("user.name"));
        return new TestTransport(Adapters.shell("local", AdapterConfig.empty()).open(target), target,
                Optional.empty(), Optional.empty());
    }

    static TestTransport ssh() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pxci-it-sshd-");
        Path clientKey = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
        OpenSshServer sshd = OpenSshServer.start(dir, List.of(SshKeys.publicKeyLine(clientKey)), "INFO");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " " + SshKeys.publicKeyLine(sshd.hostKey()) + "\n");
        ShellTarget target = new ShellTarget("127.0.0.1", sshd.port(), System.getProperty("user.name"));
        Shell shell = Adapters.shell("ssh", new AdapterConfig(Map.of(
                "ssh.private-key", clientKey.toString(),
                "ssh.known-hosts", knownHosts.toString()), Map.of())).open(target);
        return new TestTransport(shell, target, Optional.of(sshd), Optional.of(dir));
    }

    Shell shell() {
        return shell;
    }

    ShellTarget target() {
        return target;
    }

    /** What sshd logged, or nothing for the local transport. */
    List<String> serverLog() {
        return sshd.map(OpenSshServer::log).orElse(List.of());
    }

    @Override
    public void close() throws IOException {
        shell.close();
        if (sshd.isPresent()) {
            sshd.get().close();
        }
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.walk(dir.get())) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
