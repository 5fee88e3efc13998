package dev.pxci.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where the CLI writes and what it reads from its environment; a value so tests can run the CLI
 * in-process and capture what it prints.
 *
 * @param out standard output (reports, JSON events)
 * @param err standard error (errors, warnings)
 * @param environment the process environment
 * @param interactive whether a person is at a terminal (progress lines, confirmations)
 * @param workingDirectory the directory relative paths are resolved against
 * @param in standard input, for confirmations
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> environment, boolean interactive,
                      java.nio.file.Path workingDirectory, java.io.InputStream in) {

    public static Console system() {
        return new Console(System.out, System.err, System.getenv(), System.console() != null,
                java.nio.file.Path.of("").toAbsolutePath(), System.in);
    }
}
