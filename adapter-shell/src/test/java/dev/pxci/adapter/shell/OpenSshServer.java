package dev.pxci.adapter.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real OpenSSH server ({@code /usr/sbin/sshd -D -e}) on a free loopback port, with its
 * own host key, config and authorized_keys in a temporary directory. Everything it logs is kept,
 * so tests can assert what did (not) reach the log.
 */
public final class OpenSshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    private final Process process;
    private final int port;
    private final Path hostKey;
    private final List<String> log;

    private OpenSshServer(Process process, int port, Path hostKey, List<String> log) {
        this.process = process;
        this.port = port;
        this.hostKey = hostKey;
        this.log = log;
    }

    /**
     * Starts sshd authorising the given public key lines for every user (root included, key only).
     * At {@code DEBUG3}, sshd also writes debug lines into each session's stderr before the command
     * starts, as a chatty server would.
     */
    public static OpenSshServer start(Path dir, List<String> authorizedKeys, String logLevel)
            throws IOException, InterruptedException {
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        Path hostKey = SshKeys.generate(dir, "ssh_host_ed25519_key", "ed25519", "");
        Path authorized = dir.resolve("authorized_keys");
        Files.write(authorized, authorizedKeys);
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
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
                "LogLevel " + logLevel,
                ""));
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
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
                // sshd stopped
            }
        }, "sshd-log");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sshd did not start listening: " + String.join("\n", log));
        }
        return new OpenSshServer(process, port, hostKey, log);
    }

    public int port() {
        return port;
    }

    public Path hostKey() {
        return hostKey;
    }

    /** Every line sshd logged so far. */
    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> sessions = handle.descendants().toList();
        process.destroy();
        sessions.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
