package dev.pxci.cli;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Prints run events for people: each stage and task as it starts and ends, with elapsed times,
 * and on a terminal a status line that shows the running tasks ticking; the run report last.
 */
final class TextRenderer implements RunListener, AutoCloseable {
    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;
    private final Map<String, Long> running = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private boolean statusShown;

    TextRenderer(PrintStream out, PrintStream err, Redactor redactor, boolean interactive) {
        this.out = out;
        this.err = err;
        this.redactor = redactor;
        if (interactive) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pxci-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        clearStatus();
        if (event instanceof RunEvent.StageStarted s) {
            print("> " + s.stage() + " " + s.target());
        } else if (event instanceof RunEvent.TaskStarted t) {
            running.put(t.target() + ": " + t.task(), System.nanoTime());
            print("  ... " + t.task());
        } else if (event instanceof RunEvent.TaskFinished t) {
            running.remove(t.target() + ": " + t.task());
            print("  " + (t.ok() ? "done " : "FAILED ") + t.task() + " (" + seconds(t.elapsed()) + ")");
        } else if (event instanceof RunEvent.StageFinished f) {
            stage(f.report());
        } else if (event instanceof RunEvent.Output o) {
            print("  | " + o.line());
        } else if (event instanceof RunEvent.Warning w) {
            err.println(redactor.apply("pxci: warning: " + w.message()));
        } else if (event instanceof RunEvent.RunFinished r) {
            summary(r.report());
        }
    }

    private void stage(StageReport r) {
        String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
        String said = r.summary().startsWith(outcome + ":") ? r.summary() : outcome + ", " + r.summary();
        print("< " + r.stage() + " " + r.target() + ": " + said + " (" + seconds(r.elapsed()) + ")");
        r.changes().forEach(c -> print("    ~ " + c));
        r.evidence().forEach(e -> print("    = " + e));
    }

    private void summary(RunReport report) {
        Map<StageOutcome, Long> counts = report.stages().stream()
                .collect(Collectors.groupingBy(StageReport::outcome, () -> new java.util.EnumMap<>(StageOutcome.class),
                        Collectors.counting()));
        String tally = java.util.Arrays.stream(StageOutcome.values())
                .map(o -> counts.getOrDefault(o, 0L) + " " + o.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        print("");
        print(report.action() + " " + (report.succeeded() ? "succeeded" : "FAILED") + ": " + tally + " in "
                + seconds(report.elapsed()) + " (run " + report.runId() + ")");
        report.failure().ifPresent(f -> print("  " + f));
    }

    private void tick() {
        synchronized (this) {
            if (running.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            String line = running.entrySet().stream()
                    .map(e -> e.getKey() + " " + seconds(Duration.ofNanos(now - e.getValue())))
                    .collect(Collectors.joining(" | "));
            out.print("\r\033[K  running: " + redactor.apply(line));
            out.flush();
            statusShown = true;
        }
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }

    private void print(String line) {
        out.println(redactor.apply(line));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        synchronized (this) {
            clearStatus();
        }
    }
}
