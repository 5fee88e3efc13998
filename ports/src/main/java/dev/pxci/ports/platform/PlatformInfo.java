package dev.pxci.ports.platform;

import java.util.Objects;

/**
 * What the platform is.
 *
 * @param product product name ({@code Proxmox VE})
 * @param version its release ({@code 9.1})
 * @param runsContainerProcesses false for a simulator whose containers execute nothing: stages
 *     that need a shell inside the container are skipped there, never faked
 */
public record PlatformInfo(String product, String version, boolean runsContainerProcesses) {
    public PlatformInfo {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
    }
}
