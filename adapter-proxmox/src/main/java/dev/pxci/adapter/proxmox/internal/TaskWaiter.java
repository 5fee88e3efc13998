package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.time.Ticker;
import dev.pxci.proxmox.model.Lenient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows a task to its end on its own node, polling its status as {@link PollSchedule} says: near
 * the end a task of its type took before, and otherwise at an eighth of the time it has run so far,
 * within {@link Tuning#pollFirst()} and {@link Tuning#pollMax()}. A task the node does not know yet ("no
 * such task") is tolerated for {@link Tuning#noSuchTaskGrace()}. {@code OK} and {@code WARNINGS: n} are success (the
 * {@code WARN:} lines of the log become warnings); anything else fails with the exit status and
 * the last lines of the log; a task still running at the deadline fails with {@code TIMEOUT}
 * naming the UPID.
 */
public final class TaskWaiter {
    static final int LOG_TAIL_LINES = 20;

    private final PveClient client;
    private final Tuning tuning;
    private final PollSchedule schedule;

    public TaskWaiter(PveClient client) {
        this.client = client;
        this.tuning = client.tuning();
        this.schedule = new PollSchedule(tuning);
    }

    /** Waits for the task; returns its warnings (empty for {@code OK}). */
    public List<String> await(Upid upid, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String statusPath = PveClient.path("nodes", upid.node(), "tasks", upid.raw(), "status");
        Duration lastSeenRunning = Duration.ZERO;
        while (true) {
            Duration polledAt = Duration.ofNanos(System.nanoTime() - started);
            JsonNode status;
            try {
                status = client.get(statusPath);
            } catch (ApiError e) {
                boolean unknownYet = e.status() == 400 && e.says("no such task")
                        && System.nanoTime() - started < tuning.noSuchTaskGrace().toNanos();
                if (!unknownYet) {
                    throw e;
                }
                status = null;
            }
            if (status != null && "stopped".equals(Lenient.text(status, "status").orElse(""))) {
                schedule.ended(upid.type(), lastSeenRunning);
                return finished(upid, Lenient.text(status, "exitstatus").orElse("unexpected status"));
            }
            lastSeenRunning = polledAt;
            if (System.nanoTime() >= deadline) {
                throw new PxciException(ErrorCode.TIMEOUT, "task " + upid + " (" + describe(upid) + ") was still running after "
                        + human(timeout), "raise proxmox.task-timeout for slow storage; the task goes on on node " + upid.node()
                        + " and can be followed there (pvenode task status " + upid + ")");
            }
            pause(upid, started, deadline);
        }
    }

    private void pause(Upid upid, long started, long deadline) {
        long now = System.nanoTime();
        long wait = schedule.nextWait(upid.type(), Duration.ofNanos(now - started)).toNanos();
        Ticker.SYSTEM.pause(Duration.ofNanos(Math.min(wait, Math.max(0, deadline - now))), PveClient.WAITING);
    }

    private List<String> finished(Upid upid, String exitStatus) {
        if (exitStatus.equals("OK")) {
            return List.of();
        }
        if (exitStatus.startsWith("WARNINGS:")) {
            List<String> warnings = new ArrayList<>();
            for (String line : log(upid)) {
                if (line.startsWith("WARN:")) {
                    warnings.add(line.substring("WARN:".length()).strip());
                }
            }
            if (warnings.isEmpty()) {
                warnings.add("task " + upid + " ended with " + exitStatus);
            }
            return List.copyOf(warnings);
        }
        List<String> lines;
        String logNote;
        try {
            lines = log(upid);
            logNote = lines.isEmpty() ? "\n(the task log is empty)" : "\nlast lines of the task log:\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (PxciException e) {
            logNote = "\n(the task log could not be read: " + e.getMessage() + ")";
        }
        String said = client.redact(exitStatus);
        throw new PxciException(codeOf(said), "task " + upid + " (" + describe(upid) + ") failed: " + said
                + client.redact(logNote), hintOf(said, upid));
    }

    private List<String> log(Upid upid) {
        JsonNode entries = client.get(PveClient.path("nodes", upid.node(), "tasks", upid.raw(), "log"),
                Map.of("start", "0", "limit", "0"));
        List<String> lines = new ArrayList<>();
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                Lenient.text(entry, "t").ifPresent(lines::add);
            }
        }
        return lines;
    }

    private static ErrorCode codeOf(String exitStatus) {
        if (exitStatus.contains("already exists")) {
            return ErrorCode.CONFLICT;
        }
        if (exitStatus.contains("does not exist")) {
            return ErrorCode.NOT_FOUND;
        }
        if (exitStatus.contains("CT is locked (") || exitStatus.contains("can't lock file")) {
            return ErrorCode.LOCKED;
        }
        if (exitStatus.contains("only allowed for root@pam")) {
            return ErrorCode.FORBIDDEN;
        }
        return ErrorCode.FAILED;
    }

    private static String hintOf(String exitStatus, Upid upid) {
        if (exitStatus.contains("only allowed for root@pam")) {
            return "this needs a root@pam ticket: set proxmox.user=root@pam and proxmox.password instead of proxmox.token";
        }
        if (exitStatus.contains("CT is locked (")) {
            return "a stale lock is cleared only with 'pct unlock " + upid.id() + "' on node " + upid.node();
        }
        return "the whole log: pvenode task log " + upid + " on node " + upid.node();
    }

    private static String describe(Upid upid) {
        return upid.type() + (upid.id().isEmpty() ? "" : " of " + upid.id()) + " on " + upid.node();
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
