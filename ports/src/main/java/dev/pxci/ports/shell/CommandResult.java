package dev.pxci.ports.shell;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a command ended. A non-zero exit is a result, not an error; {@link #succeeded()} tells.
 * Output is kept up to a bound; {@code truncated} says when the head was dropped.
 *
 * @param exitCode the exit status, or -1 when the process died by a signal
 * @param signal the signal name when killed by one ({@code KILL}, {@code TERM})
 * @param stdout standard output (the last part, when truncated)
 * @param stderr standard error (the last part, when truncated)
 * @param truncated whether output beyond the bound was dropped
 * @param elapsed wall time
 */
public record CommandResult(
        int exitCode, Optional<String> signal, String stdout, String stderr, boolean truncated, Duration elapsed) {
    public CommandResult {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean succeeded() {
        return exitCode == 0 && signal.isEmpty();
    }

    /** The last {@code lines} lines of stdout and stderr together, for error messages. */
    public List<String> tail(int lines) {
        List<String> all = new java.util.ArrayList<>();
        all.addAll(Arrays.asList(stdout.split("\n", -1)));
        all.addAll(Arrays.asList(stderr.split("\n", -1)));
        all.removeIf(String::isBlank);
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
