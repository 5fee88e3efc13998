package dev.pxci.acceptance;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/** {@code java -jar pxci-acceptance.jar}: the suite, driven by the {@code PXCI_ACCEPTANCE_*} variables only. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs the suite and returns its exit code (see {@link Suite}). */
    static int run(String[] args, Map<String, String> environment, PrintStream out) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("pxci acceptance: the whole lifecycle against your Proxmox VE, set through these variables:");
            for (Variable variable : Variable.values()) {
                out.println("  " + variable.variableName() + "  " + variable.description()
                        + variable.in(Map.of()).filter(d -> !variable.secret()).map(d -> " (default " + d + ")").orElse(""));
            }
            return 0;
        }
        Optional<Settings> settings;
        try {
            settings = Settings.from(environment);
        } catch (Settings.Invalid e) {
            out.println(e.getMessage());
            return 2;
        }
        if (settings.isEmpty()) {
            out.println(Variable.HOW_TO_RUN);
            return 0;
        }
        return new Suite(settings.get(), out).run();
    }
}
