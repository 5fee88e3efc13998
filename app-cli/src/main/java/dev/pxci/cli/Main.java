package dev.pxci.cli;

/** The {@code pxci} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, Console.system()));
    }
}
