package dev.pxci.cli;

import dev.pxci.ports.Secret;
import java.util.List;

/** Replaces every known secret value in text with {@code ***}: the last guard before anything is printed. */
final class Redactor {
    private final List<Secret> secrets;

    Redactor(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    String apply(String text) {
        String out = text;
        for (Secret s : secrets) {
            out = s.redactIn(out);
        }
        return out;
    }
}
