package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One task's result on one host, as the JSON-lines callback reported it.
 *
 * @param task the task name
 * @param host the inventory host
 * @param status how it ended
 * @param message the module's {@code msg}, with the tail of its error output when it failed; may be empty
 * @param result the whole module result (what {@code register} would hold)
 */
public record TaskResult(String task, String host, TaskStatus status, String message, JsonNode result) {
    public TaskResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(result, "result");
    }
}
