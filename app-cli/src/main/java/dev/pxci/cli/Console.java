package dev.pxci.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI writes and what it reads from its environment; a value so tests can run the CLI
 * in-process and capture what it prints.
 *
 * @param out standard output (reports, JSON events)
 * @param err standard error (errors, warnings, questions)
 * @param environment the process environment
 * @param interactive whether a person is at a terminal on both ends (progress lines)
 * @param workingDirectory the directory relative paths are resolved against
 * @param in standard input, for confirmations
 * @param canAsk whether standard input is a terminal, so that a person can answer a question
 *     even when the output goes into a pipe
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> environment, boolean interactive,
                      Path workingDirectory, java.io.InputStream in, boolean canAsk) {

    /** A console whose input is a terminal exactly when it is {@code interactive}. */
    public Console(PrintStream out, PrintStream err, Map<String, String> environment, boolean interactive,
                   Path workingDirectory, java.io.InputStream in) {
        this(out, err, environment, interactive, workingDirectory, in, interactive);
    }

    public static Console system() {
        boolean terminal = System.console() != null;
        return new Console(System.out, System.err, System.getenv(), terminal, Path.of("").toAbsolutePath(), System.in,
                terminal || inputIsTerminal());
    }

    /** On Linux, standard input is a terminal when descriptor 0 is a tty or pts device. */
    private static boolean inputIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
