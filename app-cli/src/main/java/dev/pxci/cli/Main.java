package dev.pxci.cli;

/** The {@code pxci} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Console console = Console.system();
        GracefulStop.install(console.err());
        int code;
        try {
            code = Cli.run(args, console);
        } finally {
            GracefulStop.finished();
        }
        System.exit(code);
    }
}
