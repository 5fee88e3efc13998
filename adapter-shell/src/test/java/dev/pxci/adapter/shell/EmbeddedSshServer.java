package dev.pxci.adapter.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Apache MINA's SSH server on loopback, running commands with /bin/sh and serving SFTP on the
 * real file system, with hooks to break connections on purpose (the fault cases OpenSSH cannot
 * be made to produce on demand).
 */
final class EmbeddedSshServer implements AutoCloseable {
    /** The one password this server accepts (for every user). */
    static final String PASSWORD = "embedded-password";
    private final SshServer server;
    private final AtomicInteger uploadDropsLeft = new AtomicInteger();
    private final AtomicInteger uploadDrops = new AtomicInteger();
    private final AtomicBoolean destinationExistedAtDrop = new AtomicBoolean();
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private final AtomicInteger keepalives = new AtomicInteger();
    private volatile Path watchedDestination;

    private EmbeddedSshServer(SshServer server) {
        this.server = server;
    }

    /** Starts on {@code port} (0 for any free one) with an ssh-keygen host key, authorising {@code clientKey}. */
    static EmbeddedSshServer start(int port, Path hostKey, Path clientKey) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new FileKeyPairProvider(hostKey));
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test", List.of(publicKey(clientKey))));
        server.setFileSystemFactory(new NativeFileSystemFactory());
        server.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, List.of("/bin/sh", "-c", command)).createShell(channel));
        EmbeddedSshServer embedded = new EmbeddedSshServer(server);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(embedded.new UploadBreaker());
        server.setSubsystemFactories(List.of(sftp));
        server.setPasswordAuthenticator((user, password, session) -> PASSWORD.equals(password));
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>();
        handlers.add((connection, request, wantReply, buffer) -> {
            if (!request.equals("keepalive@openssh.com")) {
                return RequestHandler.Result.Unsupported;
            }
            embedded.keepalives.incrementAndGet();
            return RequestHandler.Result.ReplyFailure;
        });
        handlers.addAll(server.getGlobalRequestHandlers());
        server.setGlobalRequestHandlers(handlers);
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                embedded.sessionsOpened.incrementAndGet();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return embedded;
    }

    static PublicKey publicKey(Path privateKey) {
        try {
            return AuthorizedKeyEntry.parseAuthorizedKeyEntry(SshKeys.publicKeyLine(privateKey))
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** TCP connections accepted so far. */
    int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Keepalive requests received (answered with a failure, as OpenSSH answers unknown requests). */
    int keepalives() {
        return keepalives.get();
    }

    /** Drops every open connection, as a crashed network would. */
    void dropConnections() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    /**
     * Drops the connection in the middle of the next {@code times} file writes, noting whether
     * {@code destination} existed at that moment.
     */
    void dropDuringUploads(int times, Path destination) {
        watchedDestination = destination;
        uploadDropsLeft.set(times);
    }

    int uploadDrops() {
        return uploadDrops.get();
    }

    boolean destinationExistedAtDrop() {
        return destinationExistedAtDrop.get();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class UploadBreaker implements SftpEventListener {
        @Override
        public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                int dataOffset, int dataLen) throws IOException {
            if (offset > 0 && uploadDropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                uploadDrops.incrementAndGet();
                if (watchedDestination != null && Files.exists(watchedDestination)) {
                    destinationExistedAtDrop.set(true);
                }
                session.close(true);
                throw new IOException("connection dropped by the test");
            }
        }
    }
}
