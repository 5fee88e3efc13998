package dev.pxci.ports.shell;

/**
 * Receives command output line by line while the command runs. Called from the adapter's reader
 * threads; implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface OutputListener {
    /** Ignores every line. */
    OutputListener NONE = (channel, line) -> { };

    void onLine(OutputChannel channel, String line);
}
