package dev.pxci.ports.platform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of a mutating platform operation that succeeded.
 *
 * @param container the container acted on (for create: the id and node it got)
 * @param taskId the platform's task id (a UPID), empty for synchronous operations
 * @param warnings warnings the platform reported (a task that ended {@code WARNINGS: n})
 * @param elapsed how long the operation took, waiting included
 */
public record TaskOutcome(ContainerRef container, String taskId, List<String> warnings, Duration elapsed) {
    public TaskOutcome {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(taskId, "taskId");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
