package dev.pxci.ports.forge;

import java.util.Objects;

/** The settings a repository should have. */
public record RepositorySettings(String description, boolean isPrivate, String defaultBranch, boolean actionsEnabled) {
    public RepositorySettings {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
    }
}
