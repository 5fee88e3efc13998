package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.Secret;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in output lines with {@code ***}. A multi-line secret (a key) is also
 * matched line by line, since output arrives one line at a time.
 */
public final class SecretRedactor {
    private static final int MIN_LINE_PART = 8;
    private final List<Secret> needles;

    public SecretRedactor(Collection<Secret> secrets) {
        Set<String> values = new LinkedHashSet<>();
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.isEmpty()) {
                continue;
            }
            values.add(value);
            if (value.contains("\n")) {
                for (String part : value.split("\r?\n")) {
                    if (part.strip().length() >= MIN_LINE_PART) {
                        values.add(part.strip());
                    }
                }
            }
        }
        this.needles = values.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Secret::of)
                .toList();
    }

    public String redact(String text) {
        String out = text;
        for (Secret needle : needles) {
            out = needle.redactIn(out);
        }
        return out;
    }
}
