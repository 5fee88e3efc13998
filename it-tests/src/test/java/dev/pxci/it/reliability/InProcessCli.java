package dev.pxci.it.reliability;

import dev.pxci.cli.Cli;
import dev.pxci.cli.Console;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The CLI run in this JVM through {@link Cli#run} with a captured {@link Console}: fast, same code as the jar. */
final class InProcessCli {
    private InProcessCli() {
    }

    /** Exit code and what the run printed. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, false, workingDirectory,
                new ByteArrayInputStream(new byte[0]));
        int code = Cli.run(args, console);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
