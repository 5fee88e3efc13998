package dev.pxci.ports.configuration;

import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import java.util.Objects;

/**
 * Where a converge runs: an open shell into the container (for tools that run inside it) and its
 * address (for tools that connect by themselves, such as Ansible).
 */
public record ConvergeTarget(Shell shell, ShellTarget address) {
    public ConvergeTarget {
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(address, "address");
    }
}
