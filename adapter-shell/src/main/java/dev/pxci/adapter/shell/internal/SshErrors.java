package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.ShellTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** Turns MINA SSHD's exceptions into {@link PxciException}s that say what happened and what to do. */
public final class SshErrors {
    private SshErrors() {
    }

    /** A failure to reach the server (before authentication). */
    public static PxciException connectFailed(ShellTarget target, Throwable error) {
        if (has(error, ConnectException.class)) {
            return new PxciException(ErrorCode.TRANSIENT, "cannot connect to " + target + ": connection refused",
                    "check that sshd runs on " + target.host() + " and listens on port " + target.port(), error);
        }
        if (has(error, UnknownHostException.class) || has(error, UnresolvedAddressException.class)) {
            return new PxciException(ErrorCode.TRANSIENT, "cannot connect to " + target + ": the host name "
                    + target.host() + " does not resolve", "check the name or use the address", error);
        }
        if (has(error, NoRouteToHostException.class)) {
            return new PxciException(ErrorCode.TRANSIENT, "cannot connect to " + target + ": no route to host",
                    "check the address and the network between this machine and the container", error);
        }
        if (has(error, SocketTimeoutException.class) || has(error, TimeoutException.class)
                || String.valueOf(error.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
            return new PxciException(ErrorCode.TRANSIENT, "cannot connect to " + target + ": no answer in time",
                    "check that the host is up and the port is not filtered; raise ssh.connect-timeout for a slow link",
                    error);
        }
        return lost(target, "while connecting", error);
    }

    /** The connection dropped (or could not be used) in the middle of something. */
    public static PxciException lost(ShellTarget target, String during, Throwable error) {
        return new PxciException(ErrorCode.TRANSIENT, "the SSH connection to " + target + " was lost " + during
                + ": " + describe(error), "the connection may come back; repeat the operation when it does", error);
    }

    /** A failed file operation on the remote side. */
    public static PxciException transfer(ShellTarget target, String what, IOException error) {
        if (error instanceof SftpException sftp) {
            ErrorCode code = switch (sftp.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH -> ErrorCode.NOT_FOUND;
                case SftpConstants.SSH_FX_PERMISSION_DENIED -> ErrorCode.FORBIDDEN;
                default -> ErrorCode.FAILED;
            };
            return new PxciException(code, what + " on " + target + " failed: the server said '" + sftp.getMessage()
                    + "'", null, error);
        }
        return lost(target, "during " + what, error);
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
