package dev.pxci.domain.plan;

import java.util.Objects;

/**
 * One field that differs between the observed and the desired container.
 *
 * @param reason why it needs replacement when that is not Proxmox VE's rule but the platform's limit; else empty
 */
public record FieldChange(String field, String observed, String desired, Mutability mutability, String reason) {
    public FieldChange {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(mutability, "mutability");
        Objects.requireNonNull(reason, "reason");
    }

    public FieldChange(String field, String observed, String desired, Mutability mutability) {
        this(field, observed, desired, mutability, "");
    }

    /** This change as one the platform cannot make in place, for {@code reason}. */
    public FieldChange replacing(String why) {
        return new FieldChange(field, observed, desired, Mutability.REPLACE, why);
    }

    @Override
    public String toString() {
        return field + ": " + observed + " -> " + desired + (mutability != Mutability.REPLACE ? ""
                : reason.isEmpty() ? " (needs replacement)" : " (needs replacement: " + reason + ")");
    }
}
