package dev.pxci.adapter.ansible;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real OpenSSH server on a free loopback port, run as the current user with a throw-away host
 * key and a client key pair authorised for that user. Stands in for a container's sshd.
 */
final class LocalSshd implements AutoCloseable {
    private final Process process;
    final int port;
    final Path clientKey;
    final Path knownHosts;
    final String user = System.getProperty("user.name");

    LocalSshd(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(Path.of("/run/sshd"));
        keygen(dir.resolve("host_ed25519"));
        clientKey = dir.resolve("client_ed25519");
        keygen(clientKey);
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "Subsystem sftp internal-sftp",
                ""), StandardCharsets.UTF_8);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        awaitListening(Duration.ofSeconds(20), dir.resolve("sshd.log"));
    }

    private static void keygen(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pxci-test", "-f",
                file.toString())).redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void awaitListening(Duration deadline, Path log) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("sshd did not listen on port " + port + ": " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
