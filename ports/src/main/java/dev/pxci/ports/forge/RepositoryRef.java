package dev.pxci.ports.forge;

import java.util.Objects;

/** A repository: owner (user or organisation) and name. */
public record RepositoryRef(String owner, String name) {
    public RepositoryRef {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
