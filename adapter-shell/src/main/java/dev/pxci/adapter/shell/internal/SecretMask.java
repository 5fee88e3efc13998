package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * The redactor of one command: its secret values (secret environment and standard input) replaced
 * with {@code ***} wherever text about that command leaves the adapter (output lines, kept output,
 * error messages). Output is masked line by line, so a multi-line value is also hidden one line at
 * a time ({@link Redactor#lineByLine}).
 */
public final class SecretMask {
    private SecretMask() {
    }

    public static Redactor of(Command command) {
        List<Secret> all = new ArrayList<>(command.secretEnvironment().values());
        command.stdin().ifPresent(all::add);
        return Redactor.lineByLine(all);
    }
}
