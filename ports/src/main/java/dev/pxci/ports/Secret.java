package dev.pxci.ports;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (password, token, key passphrase). {@link #toString()} is always {@code ***};
 * the value is read only through {@link #reveal()}, so every place that uses it is explicit and
 * searchable. Immutable and thread-safe. Equality compares values in constant time.
 */
public final class Secret {
    private static final String REDACTED = "***";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value; an empty string is allowed and means "set but empty". */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear value. Never log, print or put it on a command line. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Replaces every occurrence of this secret's value in {@code text} with {@code ***}. */
    public String redactIn(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, REDACTED);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
