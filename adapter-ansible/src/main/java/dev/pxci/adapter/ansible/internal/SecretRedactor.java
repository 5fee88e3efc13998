package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.Secret;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces every secret value in a text with {@code ***}, longest values first so no part of one survives. */
public final class SecretRedactor {
    private final List<Secret> secrets;

    public SecretRedactor(Collection<Secret> secrets) {
        this.secrets = secrets.stream()
                .filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed())
                .toList();
    }

    public String redact(String text) {
        String out = text;
        for (Secret secret : secrets) {
            out = secret.redactIn(out);
        }
        return out;
    }

    /** Whether {@code text} contains any of the secrets. */
    public boolean leaksInto(String text) {
        return secrets.stream().anyMatch(s -> text.contains(s.reveal()));
    }
}
