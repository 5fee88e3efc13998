package dev.pxci.ports.forge;

import java.util.Objects;
import java.util.Optional;

/**
 * One Actions run.
 *
 * @param id the run id
 * @param status {@code queued}, {@code in_progress}, {@code completed}, ...
 * @param conclusion {@code success}, {@code failure}, ... once completed
 * @param url where a person can look at it
 */
public record WorkflowRun(long id, String status, Optional<String> conclusion, String url) {
    public WorkflowRun {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(url, "url");
    }

    public boolean completed() {
        return conclusion.isPresent() || "completed".equals(status);
    }

    public boolean succeeded() {
        return conclusion.filter("success"::equals).isPresent();
    }
}
