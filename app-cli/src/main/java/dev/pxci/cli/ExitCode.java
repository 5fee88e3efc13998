package dev.pxci.cli;

/** The CLI's exit codes. */
public final class ExitCode {
    /** Done, or nothing to do. */
    public static final int OK = 0;
    /** A stage or an operation failed. */
    public static final int FAILURE = 1;
    /** Wrong usage or invalid configuration; nothing was changed. */
    public static final int USAGE = 2;
    /** {@code plan --detailed-exitcode}: the plan has changes. */
    public static final int CHANGES = 3;

    private ExitCode() {
    }
}
