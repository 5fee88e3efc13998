package dev.pxci.ports.forge;

import java.util.Objects;

/** Name and e-mail put on commits pxci makes. */
public record CommitAuthor(String name, String email) {
    public CommitAuthor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
