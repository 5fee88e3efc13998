package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.ShellTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Uploads and downloads over SFTP. Every file is written under a temporary name in its
 * destination directory and renamed into place, so a dropped connection never leaves a half file
 * under the real name. Each step is safe to repeat, so when the connection drops the step is
 * repeated over a new connection, up to {@link #ATTEMPTS} times in all.
 */
public final class SftpTransfers {
    static final int ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SshConnections.Lease lease;
    private final Duration connectTimeout;
    private ClientSession session;
    private SftpClient sftp;
    private final List<String> abandoned = new ArrayList<>();

    public SftpTransfers(SshConnections.Lease lease, Duration connectTimeout) {
        this.lease = lease;
        this.connectTimeout = connectTimeout;
    }

    /** Copies a file or a tree (modes kept) to {@code remotePath}. */
    public void upload(Path source, String remotePath) {
        UploadPlan plan = UploadPlan.of(source, remotePath);
        try {
            String top = parent(remotePath);
            if (top != null) {
                step("creating " + top, client -> ensureDirectories(client, top));
            }
            for (UploadPlan.Item dir : plan.directories()) {
                step("creating " + dir.destination(), client -> ensureDirectory(client, dir.destination(), dir.mode()));
            }
            for (UploadPlan.Item file : plan.files()) {
                step("uploading " + file.source() + " to " + file.destination(), client -> putFile(client, file));
            }
        } finally {
            closeSftp();
        }
    }

    /** Copies one remote file to {@code target}, written under a temporary name and moved into place. */
    public void download(String remotePath, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            step("downloading " + remotePath, client -> {
                Attributes attributes = client.stat(remotePath);
                if (!attributes.isRegularFile()) {
                    throw new PxciException(ErrorCode.INVALID_INPUT, "cannot download " + remotePath + " from "
                            + lease.target() + ": it is not a regular file");
                }
                Path temp = localTemp(dir, target);
                try {
                    try (InputStream in = client.read(remotePath); OutputStream out = Files.newOutputStream(temp)) {
                        in.transferTo(out);
                    }
                    FileModes.set(temp, attributes.getPermissions());
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            });
        } finally {
            closeSftp();
        }
    }

    private Path localTemp(Path dir, Path target) {
        try {
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "." + target.getFileName(), ".pxci-download");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write into " + dir + ": " + e.getMessage(), null, e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(SftpClient client) throws IOException;
    }

    private void step(String what, Step step) {
        for (int attempt = 1; ; attempt++) {
            try {
                SftpClient client = client();
                step.run(client);
                removeAbandoned(client);
                return;
            } catch (SftpException e) {
                if (connected()) {
                    throw SshErrors.transfer(lease.target(), what, e);
                }
                retryOrFail(what, attempt, e);
            } catch (IOException e) {
                if (connected() && e instanceof java.nio.file.FileSystemException) {
                    throw new PxciException(ErrorCode.FAILED, what + " failed here: " + e.getMessage(), null, e);
                }
                retryOrFail(what, attempt, e);
            }
        }
    }

    private boolean connected() {
        return session != null && session.isOpen() && sftp != null && sftp.isOpen();
    }

    private void retryOrFail(String what, int attempt, IOException e) {
        ClientSession broken = session;
        closeSftp();
        if (attempt >= ATTEMPTS) {
            throw SshErrors.lost(lease.target(), "during " + what + " (tried " + ATTEMPTS + " times)", e);
        }
        session = lease.reconnect(broken);
    }

    private SftpClient client() throws IOException {
        if (session == null || !session.isOpen()) {
            session = lease.session(connectTimeout);
        }
        if (sftp == null || !sftp.isOpen()) {
            sftp = SftpClientFactory.instance().createSftpClient(session);
        }
        return sftp;
    }

    private void closeSftp() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                // the channel is gone already; nothing is left to release
            }
            sftp = null;
        }
    }

    private void putFile(SftpClient client, UploadPlan.Item file) throws IOException {
        String dir = parent(file.destination());
        String name = file.destination().substring(file.destination().lastIndexOf('/') + 1);
        byte[] nonce = new byte[6];
        RANDOM.nextBytes(nonce);
        String temp = (dir == null ? "" : dir + "/") + "." + name + ".pxci-" + HexFormat.of().formatHex(nonce);
        boolean renamed = false;
        try {
            try (InputStream in = Files.newInputStream(file.source());
                    OutputStream out = client.write(temp, OpenMode.Write, OpenMode.Create, OpenMode.Exclusive)) {
                in.transferTo(out);
            }
            client.setStat(temp, new Attributes().perms(file.mode()));
            rename(client, temp, file.destination());
            renamed = true;
        } finally {
            if (!renamed) {
                abandoned.add(temp);
            }
        }
    }

    /** Removes temporary files of failed attempts, once a connection works again. */
    private void removeAbandoned(SftpClient client) {
        for (String temp : abandoned) {
            try {
                client.remove(temp);
            } catch (IOException e) {
                // best effort: a temporary name never shadows the real one
            }
        }
        abandoned.clear();
    }

    private static void rename(SftpClient client, String from, String to) throws IOException {
        OpenSSHPosixRenameExtension posixRename = client.getExtension(OpenSSHPosixRenameExtension.class);
        if (posixRename != null && posixRename.isSupported()) {
            posixRename.posixRename(from, to);
            return;
        }
        try {
            client.rename(from, to);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_FILE_ALREADY_EXISTS && e.getStatus() != SftpConstants.SSH_FX_FAILURE) {
                throw e;
            }
            client.remove(to);
            client.rename(from, to);
        }
    }

    private void ensureDirectory(SftpClient client, String path, int mode) throws IOException {
        if (isDirectory(client, path)) {
            return;
        }
        client.mkdir(path);
        client.setStat(path, new Attributes().perms(mode));
    }

    private void ensureDirectories(SftpClient client, String path) throws IOException {
        if (isDirectory(client, path)) {
            return;
        }
        String up = parent(path);
        if (up != null) {
            ensureDirectories(client, up);
        }
        client.mkdir(path);
    }

    private boolean isDirectory(SftpClient client, String path) throws IOException {
        try {
            Attributes attributes = client.stat(path);
            if (!attributes.isDirectory()) {
                throw new PxciException(ErrorCode.CONFLICT, "cannot upload into " + path + " on " + lease.target()
                        + ": it exists and is not a directory");
            }
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return false;
            }
            throw e;
        }
    }

    private static String parent(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return slash == 0 ? "/" : trimmed.substring(0, slash);
    }
}
