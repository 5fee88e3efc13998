package dev.pxci.adapter.shell;

import dev.pxci.adapter.shell.internal.LocalShell;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import java.time.Duration;

/**
 * Shells on this machine, for a pipeline that already runs inside the container: the target is
 * not contacted (this machine is the target), so a session is always ready. Thread-safe.
 */
public final class LocalShellConnector implements ShellConnector {

    @Override
    public Shell open(ShellTarget target) {
        return new LocalShell();
    }

    @Override
    public Shell openWhenReady(ShellTarget target, Duration deadline) {
        return new LocalShell();
    }
}
