package dev.pxci.ports.run;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one stage did for one target.
 *
 * @param stage the stage name ({@code provision})
 * @param target the container it worked on ({@code 101 ci})
 * @param outcome changed, unchanged, skipped or failed
 * @param summary one line for people
 * @param changes what was changed (or, for a plan, would change), one entry per change
 * @param evidence what was observed to back the outcome
 * @param elapsed wall time
 */
public record StageReport(
        String stage,
        String target,
        StageOutcome outcome,
        String summary,
        List<String> changes,
        List<String> evidence,
        Duration elapsed) {
    public StageReport {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        changes = List.copyOf(changes);
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
