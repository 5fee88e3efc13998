package dev.pxci.domain.stage;

import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An open shell and the user it logged in as; runs privileged commands through {@code sudo -n} unless that is root. */
public record Login(Shell shell, String user) {
    public Login {
        Objects.requireNonNull(shell, "shell");
        Objects.requireNonNull(user, "user");
    }

    /** The command as root: unchanged for root, behind non-interactive sudo for anyone else. */
    public Command privileged(Command command) {
        if (user.equals("root")) {
            return command;
        }
        List<String> argv = new ArrayList<>(List.of("sudo", "-n", "--"));
        argv.addAll(command.argv());
        return new Command(argv, command.environment(), command.secretEnvironment(), command.workingDirectory(),
                command.stdin(), command.timeout());
    }
}
