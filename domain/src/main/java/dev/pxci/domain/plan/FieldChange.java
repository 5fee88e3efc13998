package dev.pxci.domain.plan;

import java.util.Objects;

/** One field that differs between the observed and the desired container. */
public record FieldChange(String field, String observed, String desired, Mutability mutability) {
    public FieldChange {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(mutability, "mutability");
    }

    @Override
    public String toString() {
        return field + ": " + observed + " -> " + desired + (mutability == Mutability.REPLACE ? " (needs replacement)" : "");
    }
}
