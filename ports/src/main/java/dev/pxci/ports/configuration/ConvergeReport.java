package dev.pxci.ports.configuration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a converge did. A failed converge is an exception, not a report.
 *
 * @param updated resources changed (or, in a dry run, that would change)
 * @param total resources looked at
 * @param updatedResources names of the changed resources, when the tool reports them
 * @param rebootRequired the tool asked for a reboot (Cinc exit 35/37): reported, never silent
 * @param elapsed wall time
 */
public record ConvergeReport(
        int updated, int total, List<String> updatedResources, boolean rebootRequired, Duration elapsed) {
    public ConvergeReport {
        if (updated < 0 || total < 0) {
            throw new IllegalArgumentException("resource counts must not be negative");
        }
        updatedResources = List.copyOf(updatedResources);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean changed() {
        return updated > 0;
    }
}
