package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Builds the command line over the Dagger component and maps errors to one message and an exit
 * code: {@code pxci: error: ...} with a hint below it, never a usage page or a stack trace unless
 * asked for ({@code --help}, {@code --stacktrace}).
 */
public final class Cli {
    private Cli() {
    }

    /** Runs the CLI with {@code args} against {@code console}; returns the exit code. */
    public static int run(String[] args, Console console) {
        return commandLine(console, args).execute(args);
    }

    /**
     * Parses {@code args} as {@link #run} would, without running anything.
     *
     * @throws picocli.CommandLine.ParameterException when they are not a valid command line
     */
    public static void parse(String... args) {
        commandLine(Console.system(), args).parseArgs(args);
    }

    private static CommandLine commandLine(Console console, String[] args) {
        CliComponent component = DaggerCliComponent.factory().create(console);
        Map<Class<?>, Supplier<Object>> commands = Map.of(
                PxciCommand.class, component::root,
                PlanCommand.class, component::plan,
                ApplyCommand.class, component::apply,
                VerifyCommand.class, component::verify,
                DestroyCommand.class, component::destroy,
                StatusCommand.class, component::status,
                AdaptersCommand.class, component::adapters,
                SandboxCommand.class, component::sandbox,
                CompletionCommand.class, component::completion);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                Supplier<Object> made = commands.get(type);
                return made != null ? type.cast(made.get()) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = new CommandLine(PxciCommand.class, factory);
        Subcommands.neededBy(args).forEach(cli::addSubcommand);
        cli.setOut(new java.io.PrintWriter(console.out(), true));
        cli.setErr(new java.io.PrintWriter(console.err(), true));
        cli.setExitCodeExceptionMapper(Cli::exitCode);
        cli.setParameterExceptionHandler((e, given) -> {
            var err = e.getCommandLine().getErr();
            err.println("pxci: error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("  see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            if (ErrorEvent.requested(List.of(given))) {
                console.out().println(JsonRenderer.line(ErrorEvent.of(e, ExitCode.USAGE).toMap()));
            }
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean trace = parsed.hasMatchedOption("--stacktrace")
                    || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--stacktrace"));
            console.err().println("pxci: error: " + e.getMessage());
            if (e instanceof PxciException p) {
                p.hint().ifPresent(h -> console.err().println("  " + h));
            }
            if (trace) {
                e.printStackTrace(console.err());
            } else if (!(e instanceof PxciException)) {
                console.err().println("  (run again with --stacktrace for details)");
            }
            if (json(parsed)) {
                console.out().println(JsonRenderer.line(ErrorEvent.of(e, exitCode(e)).toMap()));
            }
            return exitCode(e);
        });
        return cli;
    }

    /** Whether the command that failed was asked for {@code --output json}. */
    private static boolean json(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--output") && p.matchedOptionValue("--output", OutputFormat.text) == OutputFormat.json) {
                return true;
            }
        }
        return false;
    }

    private static int exitCode(Throwable e) {
        if (e instanceof PxciException p) {
            return p.code() == ErrorCode.INVALID_INPUT ? ExitCode.USAGE : ExitCode.FAILURE;
        }
        if (e instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }
}
