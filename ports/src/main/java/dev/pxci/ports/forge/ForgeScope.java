package dev.pxci.ports.forge;

import java.util.Objects;
import java.util.Optional;

/** Where Actions secrets, variables and runners belong: an organisation, or one repository of it. */
public record ForgeScope(String owner, Optional<String> repository) {
    public ForgeScope {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(repository, "repository");
    }

    public static ForgeScope organisation(String owner) {
        return new ForgeScope(owner, Optional.empty());
    }

    public static ForgeScope repository(RepositoryRef repo) {
        return new ForgeScope(repo.owner(), Optional.of(repo.name()));
    }

    @Override
    public String toString() {
        return repository.map(r -> owner + "/" + r).orElse(owner);
    }
}
