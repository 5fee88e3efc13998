package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Command;
import java.util.regex.Pattern;

/** What both shells refuse before running anything: environment names a shell cannot export, NUL characters. */
public final class CommandChecks {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CommandChecks() {
    }

    public static void check(Command command) {
        for (String arg : command.argv()) {
            if (arg.indexOf('\0') >= 0) {
                throw invalid("an argument of `" + command.display() + "` contains a NUL character");
            }
        }
        command.environment().forEach((name, value) -> {
            checkName(name, command);
            if (value.indexOf('\0') >= 0) {
                throw invalid("the value of " + name + " contains a NUL character");
            }
        });
        command.secretEnvironment().forEach((name, value) -> {
            checkName(name, command);
            if (value.reveal().indexOf('\0') >= 0) {
                throw invalid("the secret value of " + name + " contains a NUL character");
            }
        });
        command.workingDirectory().ifPresent(dir -> {
            if (dir.isEmpty() || dir.indexOf('\0') >= 0) {
                throw invalid("the working directory of `" + command.display() + "` is empty or contains a NUL character");
            }
        });
    }

    private static void checkName(String name, Command command) {
        if (!NAME.matcher(name).matches()) {
            throw invalid("'" + name + "' is not a valid environment variable name (command `" + command.display()
                    + "`); use letters, digits and '_', not starting with a digit");
        }
    }

    private static PxciException invalid(String message) {
        return new PxciException(ErrorCode.INVALID_INPUT, message);
    }
}
