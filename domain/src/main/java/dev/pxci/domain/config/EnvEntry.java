package dev.pxci.domain.config;

import java.util.Objects;

/** One {@code KEY=value} line of an env file, with where it came from. */
public record EnvEntry(String file, int line, String key, String value) {
    public EnvEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
