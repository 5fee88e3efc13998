package dev.pxci.ports.configuration;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration tool version a container must have, and where to get it when it is missing:
 * a package URL whose SHA-256 is verified before installing, or a local package file uploaded to
 * the container (for hosts without internet). Never "the latest".
 */
public record ToolRequirement(
        String version, Optional<String> packageUrl, Optional<String> sha256, Optional<Path> packageFile) {
    public ToolRequirement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(packageUrl, "packageUrl");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(packageFile, "packageFile");
        if (packageUrl.isPresent() && sha256.isEmpty()) {
            throw new IllegalArgumentException("a package URL needs its SHA-256");
        }
    }
}
