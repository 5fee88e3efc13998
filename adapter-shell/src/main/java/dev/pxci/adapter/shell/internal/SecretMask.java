package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces the secret values of one command (secret environment and standard input) with
 * {@code ***} wherever text about that command leaves the adapter: output lines, kept output,
 * error messages.
 */
public final class SecretMask {
    private final List<Secret> secrets;

    private SecretMask(List<Secret> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of {@code command}, longest first so a value containing another is masked whole. */
    public static SecretMask of(Command command) {
        List<Secret> all = new ArrayList<>(command.secretEnvironment().values());
        command.stdin().ifPresent(all::add);
        all.removeIf(Secret::isEmpty);
        all.sort(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed());
        return new SecretMask(List.copyOf(all));
    }

    public String apply(String text) {
        String masked = text;
        for (Secret secret : secrets) {
            masked = secret.redactIn(masked);
        }
        return masked;
    }
}
