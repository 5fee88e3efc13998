package dev.pxci.ports;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Replaces known secret values in text with {@code ***}: the one redactor of the client, used by the
 * CLI and by every adapter wherever text about a secret may leave them. The longest value is
 * replaced first, so a secret that is a prefix (or any part) of another never leaves the end of the
 * longer one visible. Immutable and thread-safe; {@link #with} returns a new redactor.
 */
public final class Redactor {
    /** Lines of a multi-line secret shorter than this (a {@code y} answer, a brace) are too common to hide. */
    public static final int MIN_LINE_LENGTH = 6;
    private static final Redactor NONE = new Redactor(List.of());
    private final List<Secret> needles;

    private Redactor(Collection<Secret> needles) {
        this.needles = needles.stream()
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed())
                .toList();
    }

    /** A redactor that changes nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** Hides each of {@code secrets} where it appears whole; empty values are ignored. */
    public static Redactor of(Collection<Secret> secrets) {
        return new Redactor(List.copyOf(secrets));
    }

    /**
     * Hides each of {@code secrets} whole, and also each line (stripped, of at least
     * {@value #MIN_LINE_LENGTH} characters) of a multi-line one: for output that arrives one line
     * at a time, where a key spanning lines is seen only line by line.
     */
    public static Redactor lineByLine(Collection<Secret> secrets) {
        Set<Secret> needles = new LinkedHashSet<>();
        for (Secret secret : secrets) {
            needles.add(secret);
            String value = secret.reveal();
            if (value.indexOf('\n') >= 0) {
                Stream.of(value.split("\r?\n")).map(String::strip).filter(l -> l.length() >= MIN_LINE_LENGTH)
                        .map(Secret::of).forEach(needles::add);
            }
        }
        return new Redactor(needles);
    }

    /** This redactor, also hiding {@code secret}. */
    public Redactor with(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        return new Redactor(Stream.concat(needles.stream(), Stream.of(secret)).toList());
    }

    /** {@code text} with every known secret value replaced by {@code ***}; null stays null. */
    public String apply(String text) {
        String out = text;
        for (Secret needle : needles) {
            out = needle.redactIn(out);
        }
        return out;
    }

    /** Whether {@code text} contains any of the secrets. */
    public boolean revealsAny(String text) {
        return text != null && needles.stream().anyMatch(s -> text.contains(s.reveal()));
    }
}
