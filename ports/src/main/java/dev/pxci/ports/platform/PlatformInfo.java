package dev.pxci.ports.platform;

import java.util.List;
import java.util.Objects;

/**
 * What the platform is.
 *
 * @param product product name ({@code Proxmox VE})
 * @param version its release ({@code 9.1})
 * @param runsContainerProcesses false for a simulator whose containers execute nothing: stages
 *     that need a shell inside the container are skipped there, never faked
 * @param warnings what the user must be told on every run (certificate verification turned off, ...)
 */
public record PlatformInfo(String product, String version, boolean runsContainerProcesses, List<String> warnings) {
    public PlatformInfo {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        warnings = List.copyOf(warnings);
    }
}
