package dev.pxci.it.cinc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real OpenSSH server ({@code /usr/sbin/sshd -D -e}) on a free loopback port, with its own
 * host key, client key, known_hosts and authorized_keys in a temporary directory. It logs in the
 * user the tests run as (root in CI), by key only.
 */
final class OpenSshServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path clientKey;
    private final Path knownHosts;
    private final List<String> log;

    private OpenSshServer(Process process, int port, Path clientKey, Path knownHosts, List<String> log) {
        this.process = process;
        this.port = port;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.log = log;
    }

    static OpenSshServer start(Path dir) throws IOException, InterruptedException {
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        Path hostKey = keygen(dir.resolve("ssh_host_ed25519_key"));
        Path clientKey = keygen(dir.resolve("id_ed25519"));
        Path authorized = Files.writeString(dir.resolve("authorized_keys"),
                Files.readString(dir.resolve("id_ed25519.pub")));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("ssh_host_ed25519_key.pub")));
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + authorized,
                "StrictModes no",
                "PidFile none",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "Subsystem sftp internal-sftp",
                ""));
        Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.add(line);
                    if (line.contains("Server listening on 127.0.0.1 port " + port)) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                listening.countDown();
            }
        }, "sshd-log");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(20, TimeUnit.SECONDS) || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("sshd did not start: " + String.join("\n", log));
        }
        return new OpenSshServer(process, port, clientKey, knownHosts, log);
    }

    private static Path keygen(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pxci-it", "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + out);
        }
        return file;
    }

    int port() {
        return port;
    }

    Path clientKey() {
        return clientKey;
    }

    Path knownHosts() {
        return knownHosts;
    }

    List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
