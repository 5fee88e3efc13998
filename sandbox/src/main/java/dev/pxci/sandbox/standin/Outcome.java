package dev.pxci.sandbox.standin;

/** What a command printed and its exit status. */
record Outcome(int exit, String stdout, String stderr) {
    static Outcome ok(String stdout) {
        return new Outcome(0, stdout, "");
    }

    /** A failure as Gitea's command line reports it: {@code Command error: ...} and status 1. */
    static Outcome commandError(String message) {
        return new Outcome(1, "", "Command error: " + message + "\n");
    }
}
