package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runner side of Gitea Actions under {@code /api/actions}, as act_runner speaks it: Connect RPC
 * with JSON messages (protojson field names, 64-bit ids as strings), {@code ping.v1.PingService/Ping},
 * and {@code runner.v1.RunnerService/Register}, {@code Declare} and {@code FetchTask}. A registration
 * token must be the active one of its scope; later calls carry the runner's own credential in
 * {@code x-runner-uuid} and {@code x-runner-token}, and every such call marks the runner online.
 * There is no job execution: {@code FetchTask} never hands out a task.
 */
final class RunnerService {
    /** How long after its last call a runner still counts as online (Gitea's RunnerOfflineTime). */
    static final long OFFLINE_AFTER_SECONDS = 60;
    /** A runner's last-online time is written down at most this often, as Gitea does, to spare the store. */
    private static final long ONLINE_RESOLUTION_SECONDS = 10;

    private final GiteaState state;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    RunnerService(GiteaState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** A Connect answer: HTTP status and JSON body. */
    record Reply(int status, JsonNode body) {
    }

    /** Answers one call; {@code procedure} is the path after {@code /api/actions/}. */
    Reply handle(String procedure, byte[] body, Map<String, String> headers) {
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return error(400, "invalid_argument", "the message is not valid JSON");
        }
        synchronized (state) {
            try {
                return switch (procedure) {
                    case "ping.v1.PingService/Ping" -> ok(json.createObjectNode()
                            .put("data", "Hello, " + request.path("data").asText() + "!"));
                    case "runner.v1.RunnerService/Register" -> register(request);
                    case "runner.v1.RunnerService/Declare" -> declare(authenticate(headers), request);
                    case "runner.v1.RunnerService/FetchTask" -> fetchTask(authenticate(headers), request);
                    default -> error(404, "unimplemented", procedure + " is not implemented");
                };
            } catch (ConnectError e) {
                return error(e.status, e.code, e.getMessage());
            } finally {
                state.save();
            }
        }
    }

    private Reply register(JsonNode request) {
        String token = request.path("token").asText("");
        String name = request.path("name").asText("");
        if (token.isEmpty() || name.isEmpty()) {
            throw new ConnectError(400, "invalid_argument", "missing runner token, name");
        }
        String scope = state.runnerTokenScope(token)
                .orElseThrow(() -> new ConnectError(400, "invalid_argument", "runner registration token not found"));
        String credential = GiteaState.randomHex(20);
        GiteaState.Runner runner = new GiteaState.Runner(state.nextId(), UUID.randomUUID().toString(),
                GiteaState.sha256(credential), scope, name, request.path("ephemeral").asBoolean(false),
                request.path("version").asText(""), labels(request), 0);
        state.runners.add(runner);
        ObjectNode out = json.createObjectNode();
        runnerJson(out.putObject("runner"), runner).put("token", credential);
        return ok(out);
    }

    private Reply declare(GiteaState.Runner runner, JsonNode request) {
        runner.version = request.path("version").asText(runner.version);
        runner.labels = labels(request);
        ObjectNode out = json.createObjectNode();
        runnerJson(out.putObject("runner"), runner);
        return ok(out);
    }

    private Reply fetchTask(GiteaState.Runner runner, JsonNode request) {
        // no task is ever handed out: the simulator runs no jobs
        return ok(json.createObjectNode().put("tasksVersion", request.path("tasksVersion").asText("0")));
    }

    private GiteaState.Runner authenticate(Map<String, String> headers) {
        String uuid = headers.getOrDefault("x-runner-uuid", "");
        String token = headers.getOrDefault("x-runner-token", "");
        GiteaState.Runner runner = state.runnerByUuid(uuid)
                .filter(r -> r.tokenHash.equals(GiteaState.sha256(token)))
                .orElseThrow(() -> new ConnectError(401, "unauthenticated", "unregistered runner"));
        long now = clock.instant().getEpochSecond();
        if (now - runner.lastOnline >= ONLINE_RESOLUTION_SECONDS) {
            runner.lastOnline = now;
        }
        return runner;
    }

    private static List<String> labels(JsonNode request) {
        List<String> labels = new ArrayList<>();
        request.path("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    private ObjectNode runnerJson(ObjectNode out, GiteaState.Runner runner) {
        out.put("id", Long.toString(runner.id)).put("uuid", runner.uuid).put("name", runner.name)
                .put("version", runner.version).put("ephemeral", runner.ephemeral);
        ArrayNode labels = out.putArray("labels");
        runner.labels.forEach(labels::add);
        return out;
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private Reply error(int status, String code, String message) {
        return new Reply(status, json.createObjectNode().put("code", code).put("message", message));
    }

    /** A Connect error: its HTTP status, code name and message. */
    private static final class ConnectError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ConnectError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
