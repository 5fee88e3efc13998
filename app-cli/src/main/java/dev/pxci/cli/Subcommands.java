package dev.pxci.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * The subcommands of {@code pxci}, of which a command line gets only those it needs: picocli builds
 * the model of every command it is given (its options, mixins, help) before it parses anything, and
 * for a short-lived CLI that was most of the start-up.
 */
final class Subcommands {
    private static final List<Class<?>> ALL = List.of(PlanCommand.class, ApplyCommand.class, VerifyCommand.class,
            DestroyCommand.class, StatusCommand.class, AdaptersCommand.class, SandboxCommand.class,
            CompletionCommand.class);

    private Subcommands() {
    }

    /**
     * The subcommands {@code args} need: the one they name; none for the version alone; all of them
     * for the completion script and the usage page, and when the name is none of theirs (so that
     * picocli can suggest the nearest).
     */
    static List<Class<?>> neededBy(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--plugins")) {
                i++;
            } else if (!arg.startsWith("-")) {
                Optional<Class<?>> named = ALL.stream().filter(c -> c.getAnnotation(Command.class).name().equals(arg)).findFirst();
                // the completion script describes the whole command line
                return named.filter(c -> c != CompletionCommand.class).<List<Class<?>>>map(List::of).orElse(ALL);
            }
        }
        boolean versionOnly = args.length > 0 && Arrays.stream(args).allMatch(a -> a.equals("--version") || a.equals("-V"));
        return versionOnly ? List.of() : ALL;
    }
}
