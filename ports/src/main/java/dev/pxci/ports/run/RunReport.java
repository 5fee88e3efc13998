package dev.pxci.ports.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one run: every stage report in order, whether the run succeeded and, when it
 * did not, where it stopped.
 *
 * @param runId unique id of the run
 * @param action {@code plan}, {@code apply}, {@code verify} or {@code destroy}
 * @param started when it started
 * @param elapsed wall time
 * @param stages the stage reports, in the order they finished
 * @param failure the first failure's message, if any
 */
public record RunReport(
        String runId, String action, Instant started, Duration elapsed, List<StageReport> stages, Optional<String> failure) {
    public RunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(elapsed, "elapsed");
        stages = List.copyOf(stages);
        Objects.requireNonNull(failure, "failure");
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** Whether any stage changed (or, for a plan, would change) something. */
    public boolean changedAnything() {
        return stages.stream().anyMatch(s -> s.outcome() == StageOutcome.CHANGED);
    }
}
