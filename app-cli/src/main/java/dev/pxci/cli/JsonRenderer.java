package dev.pxci.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageReport;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one JSON object per event and line; the {@code run_finished} event carries the run report.
 * Warnings (insecure TLS, task warnings) also go to standard error as text, so that they stay loud
 * where a person reads the log of a run whose standard output a program consumes.
 */
final class JsonRenderer implements RunListener {
    private static final ObjectWriter WRITER = new ObjectMapper().writer();
    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;

    JsonRenderer(PrintStream out, PrintStream err, Redactor redactor) {
        this.out = out;
        this.err = err;
        this.redactor = redactor;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        out.println(redactor.apply(line(toMap(event))));
        if (event instanceof RunEvent.Warning w) {
            err.println(redactor.apply("pxci: warning: " + w.message()));
        }
    }

    /** One event as one line of JSON. */
    static String line(Map<String, Object> event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event as JSON", e);
        }
    }

    static Map<String, Object> toMap(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", java.time.Instant.now().toString());
        if (event instanceof RunEvent.StageStarted s) {
            m.put("event", "stage_started");
            m.put("stage", s.stage());
            m.put("target", s.target());
        } else if (event instanceof RunEvent.StageFinished f) {
            m.put("event", "stage_finished");
            m.putAll(stage(f.report()));
        } else if (event instanceof RunEvent.TaskStarted t) {
            m.put("event", "task_started");
            m.put("stage", t.stage());
            m.put("target", t.target());
            m.put("task", t.task());
        } else if (event instanceof RunEvent.TaskFinished t) {
            m.put("event", "task_finished");
            m.put("stage", t.stage());
            m.put("target", t.target());
            m.put("task", t.task());
            m.put("ok", t.ok());
            m.put("elapsed_ms", t.elapsed().toMillis());
        } else if (event instanceof RunEvent.Output o) {
            m.put("event", "output");
            m.put("stage", o.stage());
            m.put("target", o.target());
            m.put("line", o.line());
        } else if (event instanceof RunEvent.Warning w) {
            m.put("event", "warning");
            m.put("message", w.message());
        } else if (event instanceof RunEvent.RunFinished r) {
            m.put("event", "run_finished");
            m.put("report", report(r.report()));
        }
        return m;
    }

    static Map<String, Object> report(RunReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("action", r.action());
        m.put("started", r.started().toString());
        m.put("elapsed_ms", r.elapsed().toMillis());
        m.put("succeeded", r.succeeded());
        m.put("changed", r.changedAnything());
        m.put("failure", r.failure().orElse(null));
        m.put("stages", r.stages().stream().map(JsonRenderer::stage).toList());
        return m;
    }

    private static Map<String, Object> stage(StageReport s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage());
        m.put("target", s.target());
        m.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
        m.put("summary", s.summary());
        m.put("changes", s.changes());
        m.put("evidence", s.evidence());
        m.put("elapsed_ms", s.elapsed().toMillis());
        return m;
    }
}
