package dev.pxci.adapter.shell;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.adapter.shell.internal.SshSettings;
import dev.pxci.adapter.shell.internal.IdentityLoader;
import dev.pxci.adapter.shell.internal.Readiness;
import dev.pxci.adapter.shell.internal.SshConnections;
import dev.pxci.adapter.shell.internal.SshShell;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens shells over SSH with Apache MINA SSHD. One connection per {@link ShellTarget} is shared by
 * every shell open on it and kept briefly after the last one closes, so consecutive stages reuse
 * it; keepalives detect a dead peer. Host keys are checked as {@link SshSettings} says. Thread-safe.
 */
public final class SshShellConnector implements ShellConnector {
    private final SshSettings settings;
    private final SshConnections connections;

    /** Reads the private key now, so a bad key or passphrase fails here ({@code INVALID_INPUT}). */
    public SshShellConnector(SshSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connections = new SshConnections(settings, IdentityLoader.load(settings));
    }

    @Override
    public Shell open(ShellTarget target) {
        return open(target, settings.connectTimeout());
    }

    @Override
    public Shell openWhenReady(ShellTarget target, Duration deadline) {
        return Readiness.open(target, deadline,
                left -> open(target, left.compareTo(settings.connectTimeout()) < 0 ? left : settings.connectTimeout()));
    }

    /** A login on a connection of its own: the shared one of an earlier login proves nothing about the server now. */
    @Override
    public boolean refusesNewLogin(ShellTarget target) {
        try {
            connections.loginAfresh(target);
            return false;
        } catch (PxciException e) {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                return true;
            }
            throw e;
        }
    }

    private Shell open(ShellTarget target, Duration connectTimeout) {
        SshConnections.Lease lease = connections.lease(target);
        try {
            lease.session(connectTimeout);
            return new SshShell(lease, settings.connectTimeout());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }
}
