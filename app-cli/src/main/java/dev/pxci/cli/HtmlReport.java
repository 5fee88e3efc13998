package dev.pxci.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.run.RunReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report FILE.html}: the run as one self-contained page (no request leaves it: styles,
 * script and data are inline) whose script draws a timeline of every container's stages and
 * tasks from the {@link RunTimeline}: what ran at once, what waited for a lock, what failed.
 * Secrets are scrubbed from the data like from every other output.
 */
final class HtmlReport {
    private static final String TEMPLATE = "report.html";
    private static final String DATA = "/*run-data*/";

    private HtmlReport() {
    }

    /** The file {@code --report} names, refused before the run unless it is an {@code .html} page in a directory that exists. */
    static Path target(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--report writes an HTML page, not " + file.getFileName(),
                    "give a file name ending in .html, such as --report run.html");
        }
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory) || Files.isDirectory(file)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--report " + file + ": " + (Files.isDirectory(file)
                    ? "is a directory" : "the directory " + directory + " does not exist"), "give a file in an existing directory");
        }
        return file;
    }

    static void write(RunTimeline timeline, Path file, Redactor redactor) {
        String page = template().replace(DATA, redactor.apply(data(timeline)).replace("<", "\\u003c"));
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write the report " + file + ": " + e.getMessage());
        }
    }

    /** The timeline as JSON; {@code <} only ever appears inside its strings. */
    static String data(RunTimeline timeline) {
        Map<String, Object> run = new LinkedHashMap<>();
        timeline.report().ifPresent(r -> run.putAll(report(r)));
        run.put("warnings", timeline.warnings());
        run.put("lanes", timeline.lanes().stream().map(HtmlReport::lane).toList());
        try {
            return new ObjectMapper().writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report's data", e);
        }
    }

    private static Map<String, Object> report(RunReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("action", r.action());
        m.put("started", r.started().toString());
        m.put("elapsed_ms", r.elapsed().toMillis());
        m.put("succeeded", r.succeeded());
        m.put("failure", r.failure().orElse(null));
        return m;
    }

    private static Map<String, Object> lane(RunTimeline.Lane lane) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", lane.target());
        m.put("stages", lane.stages().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", s.stage());
            stage.put("start_ms", s.start());
            stage.put("end_ms", s.end().orElse(null));
            stage.put("outcome", s.outcome().map(o -> o.name().toLowerCase(Locale.ROOT)).orElse("unfinished"));
            stage.put("summary", s.summary());
            stage.put("changes", s.changes());
            return stage;
        }).toList());
        m.put("tasks", lane.tasks().stream().map(t -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("stage", t.stage());
            task.put("task", t.task());
            task.put("start_ms", t.start());
            task.put("end_ms", t.end().orElse(null));
            task.put("ok", t.ok());
            task.put("kind", t.lockWait() ? "lock-wait" : "task");
            return task;
        }).toList());
        return m;
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the report template " + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
