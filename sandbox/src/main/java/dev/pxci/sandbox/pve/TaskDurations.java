package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long each kind of simulated task runs before it ends, keyed by PVE's worker type
 * ({@code vzcreate}, {@code vzstart}, ...). Immutable: every {@code with...} returns a copy.
 * Defaults are short so that tests stay fast: create 300 ms, start 150 ms, everything else 100 ms.
 */
public final class TaskDurations {

    private final Duration fallback;
    private final Map<String, Duration> byType;

    private TaskDurations(Duration fallback, Map<String, Duration> byType) {
        this.fallback = fallback;
        this.byType = Map.copyOf(byType);
    }

    /** Create 300 ms, start 150 ms, every other task 100 ms. */
    public static TaskDurations defaults() {
        return new TaskDurations(Duration.ofMillis(100),
                Map.of("vzcreate", Duration.ofMillis(300), "vzstart", Duration.ofMillis(150)));
    }

    /** Every task runs for the same time (zero is allowed: tasks then end as soon as they are scheduled). */
    public static TaskDurations uniform(Duration duration) {
        return new TaskDurations(requireNonNegative(duration), Map.of());
    }

    /** A copy where tasks of the given PVE worker type (e.g. {@code vzclone}) run for {@code duration}. */
    public TaskDurations withType(String workerType, Duration duration) {
        Map<String, Duration> copy = new HashMap<>(byType);
        copy.put(Objects.requireNonNull(workerType, "workerType"), requireNonNegative(duration));
        return new TaskDurations(fallback, copy);
    }

    public TaskDurations create(Duration duration) {
        return withType("vzcreate", duration);
    }

    public TaskDurations start(Duration duration) {
        return withType("vzstart", duration);
    }

    public TaskDurations stop(Duration duration) {
        return withType("vzstop", duration);
    }

    public TaskDurations shutdown(Duration duration) {
        return withType("vzshutdown", duration);
    }

    public TaskDurations reboot(Duration duration) {
        return withType("vzreboot", duration);
    }

    public TaskDurations destroy(Duration duration) {
        return withType("vzdestroy", duration);
    }

    public TaskDurations clone(Duration duration) {
        return withType("vzclone", duration);
    }

    public TaskDurations snapshot(Duration duration) {
        return withType("vzsnapshot", duration);
    }

    public TaskDurations template(Duration duration) {
        return withType("vztemplate", duration);
    }

    /** The running time of a task of this PVE worker type. */
    public Duration of(String workerType) {
        return byType.getOrDefault(workerType, fallback);
    }

    private static Duration requireNonNegative(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a task duration cannot be negative: " + duration);
        }
        return duration;
    }

    @Override
    public String toString() {
        return "TaskDurations{default=" + fallback + ", " + byType + "}";
    }
}
