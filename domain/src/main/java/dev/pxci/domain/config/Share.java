package dev.pxci.domain.config;

import java.util.Objects;

/** A network share: a volume of {@code sizeGiB} mounted at {@code path} and served by Samba as {@code name}. */
public record Share(String name, int sizeGiB, String path) {
    public Share {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
