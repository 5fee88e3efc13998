package dev.pxci.adapter.ansible.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code ansible-playbook} run reported: every task result per host, the recap, the exit
 * status and the last lines of its error output (secrets already removed).
 */
public record PlaybookResult(
        int exitCode, List<TaskResult> results, Map<String, HostStats> recap, List<String> stderrTail, Duration elapsed) {

    public PlaybookResult {
        results = List.copyOf(results);
        recap = Map.copyOf(recap);
        stderrTail = List.copyOf(stderrTail);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean succeeded() {
        return exitCode == 0 && recap.values().stream().allMatch(s -> s.failures() == 0 && s.unreachable() == 0);
    }

    /** Task results that changed something (or, in check mode, would). */
    public List<TaskResult> changed() {
        return results.stream().filter(r -> r.status() == TaskStatus.CHANGED).toList();
    }

    /** Task results that ran and succeeded, changed or not; skipped and failed ones are not counted. */
    public int succeededTasks() {
        return (int) results.stream().filter(r -> r.status() == TaskStatus.OK || r.status() == TaskStatus.CHANGED).count();
    }

    /** The results of the task named {@code task}, in the order they arrived. */
    public List<TaskResult> resultsOf(String task) {
        return results.stream().filter(r -> r.task().equals(task)).toList();
    }

    /** The last result of the task named {@code task}. */
    public Optional<TaskResult> lastResultOf(String task) {
        List<TaskResult> found = resultsOf(task);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /**
     * The failure that stopped the run: the last failed task of a host whose recap counts failures
     * (a failure that was ignored or rescued does not count), else the last unreachable one.
     */
    public Optional<TaskResult> decisiveFailure() {
        for (int i = results.size() - 1; i >= 0; i--) {
            TaskResult r = results.get(i);
            HostStats stats = recap.get(r.host());
            if (r.status() == TaskStatus.FAILED && (stats == null || stats.failures() > 0)) {
                return Optional.of(r);
            }
        }
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i).status() == TaskStatus.UNREACHABLE) {
                return Optional.of(results.get(i));
            }
        }
        return Optional.empty();
    }
}
