package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the stdout of {@code ansible-playbook} with the {@code ansible.posix.jsonl} callback: one
 * JSON object per event, written as the event happens, which gives both live progress and the
 * per-task, per-host results to count.
 */
public final class JsonLines {
    /** The stdout callback this reader understands. */
    public static final String CALLBACK = "ansible.posix.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /**
     * Decodes a line; empty when the line is not an event of the callback (a plain line a module or
     * plugin printed, or an event kind that carries nothing to count).
     */
    public static Optional<PlaybookEvent> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(trimmed);
        } catch (IOException e) {
            return Optional.empty();
        }
        String kind = root.path("_event").asText("");
        return switch (kind) {
            case "v2_playbook_on_play_start" -> Optional.of(new PlaybookEvent.PlayStarted(root.path("play").path("name").asText("")));
            case "v2_playbook_on_task_start", "v2_playbook_on_handler_task_start", "v2_runner_on_start" ->
                    Optional.of(new PlaybookEvent.TaskStarted(root.path("task").path("name").asText("")));
            case "v2_runner_on_ok", "v2_runner_on_failed", "v2_runner_on_unreachable", "v2_runner_on_skipped" ->
                    result(kind, root);
            case "v2_playbook_on_stats" -> Optional.of(recap(root.path("stats")));
            default -> Optional.empty();
        };
    }

    private static Optional<PlaybookEvent> result(String kind, JsonNode root) {
        String task = root.path("task").path("name").asText("");
        Iterator<Map.Entry<String, JsonNode>> hosts = root.path("hosts").properties().iterator();
        if (!hosts.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> entry = hosts.next();
        JsonNode result = entry.getValue();
        TaskStatus status = switch (kind) {
            case "v2_runner_on_failed" -> TaskStatus.FAILED;
            case "v2_runner_on_unreachable" -> TaskStatus.UNREACHABLE;
            case "v2_runner_on_skipped" -> TaskStatus.SKIPPED;
            default -> result.path("changed").asBoolean(false) ? TaskStatus.CHANGED : TaskStatus.OK;
        };
        return Optional.of(new PlaybookEvent.Result(new TaskResult(task, entry.getKey(), status, message(status, result), result)));
    }

    /** The module's message; for failures, with the last line of its error output when that adds something. */
    private static String message(TaskStatus status, JsonNode result) {
        JsonNode msg = result.get("msg");
        String text = msg == null || msg.isNull() ? "" : msg.isTextual() ? msg.asText() : msg.toString();
        if (status != TaskStatus.FAILED) {
            return text.strip();
        }
        for (String field : new String[] {"stderr", "module_stderr", "exception"}) {
            String extra = lastLine(result.path(field).asText(""));
            if (!extra.isEmpty() && !text.contains(extra)) {
                text = text.isBlank() ? extra : text.strip() + ": " + extra;
                break;
            }
        }
        return text.strip();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static PlaybookEvent.Recap recap(JsonNode stats) {
        Map<String, HostStats> hosts = new LinkedHashMap<>();
        stats.properties().forEach(e -> {
            JsonNode s = e.getValue();
            hosts.put(e.getKey(), new HostStats(s.path("ok").asInt(), s.path("changed").asInt(), s.path("failures").asInt(),
                    s.path("unreachable").asInt(), s.path("skipped").asInt(), s.path("rescued").asInt(),
                    s.path("ignored").asInt()));
        });
        return new PlaybookEvent.Recap(hosts);
    }
}
