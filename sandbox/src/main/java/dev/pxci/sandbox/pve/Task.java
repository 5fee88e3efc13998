package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated worker task with its UPID and log. The exit status is derived from the last log
 * line as in pve-common: {@code TASK OK}, {@code TASK WARNINGS: n}, {@code TASK ERROR: msg}.
 * Not thread-safe: guarded by the cluster state's monitor.
 */
final class Task {

    static final Pattern UPID = Pattern.compile(
            "UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):"
                    + "([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):");

    private final String upid;
    private final String node;
    private final int pid;
    private final long pstart;
    private final long startTime;
    private final String type;
    private final String id;
    private final String user;
    private final List<String> log;
    private long endTime;
    private boolean finished;

    Task(String node, int pid, long pstart, long startTime, String type, String id, String user) {
        this(format(node, pid, pstart, startTime, type, id, user), node, pid, pstart, startTime, type, id, user,
                new ArrayList<>(), 0, false);
    }

    Task(String upid, String node, int pid, long pstart, long startTime, String type, String id, String user,
            List<String> log, long endTime, boolean finished) {
        this.upid = upid;
        this.node = node;
        this.pid = pid;
        this.pstart = pstart;
        this.startTime = startTime;
        this.type = type;
        this.id = id;
        this.user = user;
        this.log = new ArrayList<>(log);
        this.endTime = endTime;
        this.finished = finished;
    }

    static String format(String node, int pid, long pstart, long startTime, String type, String id, String user) {
        return String.format(Locale.ROOT, "UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, startTime, type, id,
                user);
    }

    /** The node named in a well-formed UPID, or null when the text is not a UPID. */
    static String nodeOf(String upid) {
        Matcher matcher = UPID.matcher(upid);
        return matcher.matches() ? matcher.group(1) : null;
    }

    String upid() {
        return upid;
    }

    String node() {
        return node;
    }

    int pid() {
        return pid;
    }

    long pstart() {
        return pstart;
    }

    long startTime() {
        return startTime;
    }

    String type() {
        return type;
    }

    String id() {
        return id;
    }

    /** The container the task works on: the id's leading number ({@code 100} of {@code 100-mp0>101-mp0}). */
    int vmid() {
        int end = 0;
        while (end < id.length() && Character.isDigit(id.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(id.substring(0, end));
    }

    /** The full user of the UPID, {@code root@pam} or {@code root@pam!pxci} for token calls. */
    String user() {
        return user;
    }

    List<String> log() {
        return log;
    }

    boolean finished() {
        return finished;
    }

    long endTime() {
        return endTime;
    }

    void log(String line) {
        log.add(line);
    }

    void finish(String lastLine, long endTime) {
        log.add(lastLine);
        this.endTime = endTime;
        this.finished = true;
    }

    /** {@code OK}, {@code WARNINGS: n}, the error text, or null while running. */
    String exitStatus() {
        if (!finished) {
            return null;
        }
        String last = log.isEmpty() ? "" : log.get(log.size() - 1);
        if (last.equals("TASK OK")) {
            return "OK";
        }
        if (last.startsWith("TASK WARNINGS: ")) {
            return last.substring("TASK ".length());
        }
        if (last.startsWith("TASK ERROR: ")) {
            return last.substring("TASK ERROR: ".length());
        }
        return "unexpected status";
    }

    boolean succeeded() {
        String status = exitStatus();
        return status != null && (status.equals("OK") || status.startsWith("WARNINGS: "));
    }
}
