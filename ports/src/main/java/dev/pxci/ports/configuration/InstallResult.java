package dev.pxci.ports.configuration;

import dev.pxci.ports.Change;
import java.util.Objects;

/** Whether the tool had to be installed, and the version now present. */
public record InstallResult(Change change, String version) {
    public InstallResult {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(version, "version");
    }
}
