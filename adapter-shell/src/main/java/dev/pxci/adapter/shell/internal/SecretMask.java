package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces the secret values of one command (secret environment and standard input) with
 * {@code ***} wherever text about that command leaves the adapter: output lines, kept output,
 * error messages. Output is masked line by line, so a value spanning lines is also masked line by
 * line: each of its lines of at least {@value #MIN_LINE_LENGTH} characters (shorter ones, such as
 * a {@code y} answer, are too common to hide).
 */
public final class SecretMask {
    static final int MIN_LINE_LENGTH = 6;
    private final List<Secret> secrets;

    private SecretMask(List<Secret> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of {@code command}, longest first so a value containing another is masked whole. */
    public static SecretMask of(Command command) {
        Set<String> values = new HashSet<>();
        List<Secret> all = new ArrayList<>(command.secretEnvironment().values());
        command.stdin().ifPresent(all::add);
        for (Secret secret : all) {
            String value = secret.reveal();
            values.add(value);
            if (value.indexOf('\n') >= 0) {
                for (String line : value.split("\r?\n")) {
                    if (line.length() >= MIN_LINE_LENGTH) {
                        values.add(line);
                    }
                }
            }
        }
        values.remove("");
        return new SecretMask(values.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Secret::of)
                .toList());
    }

    public String apply(String text) {
        String masked = text;
        for (Secret secret : secrets) {
            masked = secret.redactIn(masked);
        }
        return masked;
    }
}
