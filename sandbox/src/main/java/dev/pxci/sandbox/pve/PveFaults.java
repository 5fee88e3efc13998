package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Deterministic fault injection for the PVE simulator. Faults are consumed in request order and,
 * where a probability is given, drawn from a generator seeded with the simulator's seed, so a
 * test that replays the same requests sees the same faults. Thread-safe.
 *
 * <p>The same faults can be set over HTTP: {@code POST /_sandbox/faults} with a JSON object whose
 * keys are {@code latencyMillis}, {@code errorBursts}, {@code taskFaults}, {@code slowTasks},
 * {@code connectionResets}, {@code stuckLocks} and {@code expireTickets}; {@code DELETE} clears.
 */
public final class PveFaults {

    /**
     * The next {@code count} (null = 1) API requests whose method (null = any) and path match fail
     * with {@code status} and {@code message}; the path is the part after {@code /api2/json} and
     * {@code pathRegex} is searched in it (null = any path). Each matching request fails with
     * {@code probability} (null = always), drawn from the seeded generator.
     */
    public record ErrorBurst(String method, String pathRegex, int status, String message, Integer count,
            Double probability) {
        public ErrorBurst {
            Objects.requireNonNull(message, "message");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error burst needs an error status, got " + status);
            }
        }

        public static ErrorBurst of(String method, String pathRegex, int status, String message, int count) {
            return new ErrorBurst(method, pathRegex, status, message, count, null);
        }
    }

    /** How an injected task fault ends the task. */
    public enum TaskOutcome { WARNINGS, ERROR }

    /**
     * The next {@code count} tasks of {@code workerType} (null = any) on {@code vmid} (null = any)
     * end with warnings (each log line becomes a {@code WARN:} line) or with the error
     * {@code message} after the given log lines; a failed task leaves no effect behind.
     */
    public record TaskFault(String workerType, Integer vmid, TaskOutcome outcome, String message, List<String> log,
            Integer count) {
        public TaskFault {
            Objects.requireNonNull(outcome, "outcome");
            log = log == null ? List.of() : List.copyOf(log);
            if (outcome == TaskOutcome.ERROR && (message == null || message.isBlank())) {
                throw new IllegalArgumentException("a failing task needs an error message");
            }
        }

        public static TaskFault failing(String workerType, Integer vmid, String message, List<String> log) {
            return new TaskFault(workerType, vmid, TaskOutcome.ERROR, message, log, 1);
        }

        public static TaskFault warning(String workerType, Integer vmid, List<String> warnings) {
            return new TaskFault(workerType, vmid, TaskOutcome.WARNINGS, null, warnings, 1);
        }
    }

    /** The next {@code count} (null = 1) matching tasks run {@code durationMillis} longer than configured. */
    public record SlowTask(String workerType, Integer vmid, long durationMillis, Integer count) {
    }

    /**
     * The next {@code count} (null = 1) API requests whose method (null = any) matches and whose
     * path contains a match of {@code pathRegex} (null = any) get their connection reset instead
     * of an answer.
     */
    public record ConnectionReset(String method, String pathRegex, Integer count) {
    }

    /** A config lock left behind on a container, as after a crash; only {@link #releaseLock} removes it. */
    public record StuckLock(int vmid, String lock) {
    }

    /** What the server must do with one request. */
    record RequestFault(boolean resetConnection, ErrorBurst error) {
        static final RequestFault NONE = new RequestFault(false, null);
    }

    /** Receives the lock faults, which change the cluster itself. */
    interface LockTarget {
        void setStuckLock(int vmid, String lock);

        void releaseLock(int vmid);

        void expireTickets();
    }

    private final Random random;
    private final LockTarget target;
    private Duration latency = Duration.ZERO;
    private final List<Remaining<ErrorBurst>> errorBursts = new ArrayList<>();
    private final List<Remaining<TaskFault>> taskFaults = new ArrayList<>();
    private final List<Remaining<SlowTask>> slowTasks = new ArrayList<>();
    private final List<Remaining<ConnectionReset>> connectionResets = new ArrayList<>();

    private static final class Remaining<T> {
        final T fault;
        final Pattern path;
        int left;

        Remaining(T fault, String pathRegex, Integer count) {
            this.fault = fault;
            this.path = pathRegex == null ? null : Pattern.compile(pathRegex);
            this.left = count == null ? 1 : count;
            if (left < 1) {
                throw new IllegalArgumentException("a fault needs a count of at least 1, got " + count);
            }
        }
    }

    PveFaults(long seed, LockTarget target) {
        this.random = new Random(seed);
        this.target = target;
    }

    /** Extra latency for every API request from now on (on top of the simulator's base latency). */
    public synchronized PveFaults latency(Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("latency cannot be negative");
        }
        this.latency = extra;
        return this;
    }

    public synchronized PveFaults errorBurst(ErrorBurst burst) {
        errorBursts.add(new Remaining<>(burst, burst.pathRegex(), burst.count()));
        return this;
    }

    public synchronized PveFaults taskFault(TaskFault fault) {
        taskFaults.add(new Remaining<>(fault, null, fault.count()));
        return this;
    }

    public synchronized PveFaults slowTask(SlowTask slow) {
        slowTasks.add(new Remaining<>(slow, null, slow.count()));
        return this;
    }

    public synchronized PveFaults connectionReset(ConnectionReset reset) {
        connectionResets.add(new Remaining<>(reset, reset.pathRegex(), reset.count()));
        return this;
    }

    /** Puts a lock on an existing container that no task will remove. */
    public PveFaults stuckLock(int vmid, String lock) {
        target.setStuckLock(vmid, lock);
        return this;
    }

    /** Removes any lock from a container, like {@code pct unlock}. */
    public PveFaults releaseLock(int vmid) {
        target.releaseLock(vmid);
        return this;
    }

    /** Every ticket issued so far stops being valid now (clients must log in again). */
    public PveFaults expireTickets() {
        target.expireTickets();
        return this;
    }

    /** Removes every pending request and task fault and the extra latency (locks stay). */
    public synchronized PveFaults clear() {
        latency = Duration.ZERO;
        errorBursts.clear();
        taskFaults.clear();
        slowTasks.clear();
        connectionResets.clear();
        return this;
    }

    /** The pending faults, for the admin endpoint. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("latencyMillis", latency.toMillis());
        out.put("errorBursts", pending(errorBursts));
        out.put("taskFaults", pending(taskFaults));
        out.put("slowTasks", pending(slowTasks));
        out.put("connectionResets", pending(connectionResets));
        return out;
    }

    private static <T> List<Map<String, Object>> pending(List<Remaining<T>> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Remaining<T> remaining : list) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("fault", remaining.fault);
            entry.put("remaining", remaining.left);
            out.add(entry);
        }
        return out;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** Consumes the fault, if any, that applies to this API request. */
    synchronized RequestFault onRequest(String method, String path) {
        Remaining<ConnectionReset> reset = take(connectionResets, r -> matches(r.fault.method(), r.path, method, path));
        if (reset != null) {
            return new RequestFault(true, null);
        }
        for (Iterator<Remaining<ErrorBurst>> it = errorBursts.iterator(); it.hasNext();) {
            Remaining<ErrorBurst> burst = it.next();
            if (!matches(burst.fault.method(), burst.path, method, path)) {
                continue;
            }
            Double probability = burst.fault.probability();
            if (probability != null && random.nextDouble() >= probability) {
                continue;
            }
            if (--burst.left == 0) {
                it.remove();
            }
            return new RequestFault(false, burst.fault);
        }
        return RequestFault.NONE;
    }

    /** Consumes the task fault, if any, for a task that is about to end. */
    synchronized TaskFault onTaskEnd(String workerType, int vmid) {
        Remaining<TaskFault> fault = take(taskFaults, f -> appliesTo(f.fault.workerType(), f.fault.vmid(), workerType, vmid));
        return fault == null ? null : fault.fault;
    }

    /** Consumes the slow-task fault, if any, for a task that is starting; the extra running time. */
    synchronized Duration onTaskStart(String workerType, int vmid) {
        Remaining<SlowTask> slow = take(slowTasks, s -> appliesTo(s.fault.workerType(), s.fault.vmid(), workerType, vmid));
        return slow == null ? Duration.ZERO : Duration.ofMillis(slow.fault.durationMillis());
    }

    private static <T> Remaining<T> take(List<Remaining<T>> list, java.util.function.Predicate<Remaining<T>> applies) {
        for (Iterator<Remaining<T>> it = list.iterator(); it.hasNext();) {
            Remaining<T> remaining = it.next();
            if (applies.test(remaining)) {
                if (--remaining.left == 0) {
                    it.remove();
                }
                return remaining;
            }
        }
        return null;
    }

    private static boolean matches(String wantedMethod, Pattern wantedPath, String method, String path) {
        return (wantedMethod == null || wantedMethod.equalsIgnoreCase(method))
                && (wantedPath == null || wantedPath.matcher(path).find());
    }

    private static boolean appliesTo(String wantedType, Integer wantedVmid, String workerType, int vmid) {
        return (wantedType == null || wantedType.equals(workerType)) && (wantedVmid == null || wantedVmid == vmid);
    }
}
