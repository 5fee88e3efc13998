package dev.pxci.sandbox.gitea;

/** A repository's settings as the simulator holds them. */
public record SimulatedRepository(String owner, String name, String description, boolean isPrivate,
        String defaultBranch, boolean hasActions) {
}
