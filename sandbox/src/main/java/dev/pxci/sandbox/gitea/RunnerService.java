package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

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
    private final ActionsJobs jobs;
    private final Supplier<String> rootUrl;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    RunnerService(GiteaState state, ActionsJobs jobs, Supplier<String> rootUrl, Clock clock) {
        this.state = state;
        this.jobs = jobs;
        this.rootUrl = rootUrl;
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
                    case "runner.v1.RunnerService/UpdateTask" -> updateTask(authenticate(headers), request);
                    case "runner.v1.RunnerService/UpdateLog" -> updateLog(authenticate(headers), request);
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
        ObjectNode out = json.createObjectNode().put("tasksVersion", request.path("tasksVersion").asText("0"));
        if (runner.disabled) {
            return ok(out);
        }
        Set<String> labelNames = new HashSet<>();
        runner.labels.forEach(l -> labelNames.add(l.contains(":") ? l.substring(0, l.indexOf(':')) : l));
        jobs.take(run -> inScope(runner.scope, run), labelNames, runner.name)
                .ifPresent(job -> task(out.putObject("task"), job));
        return ok(out);
    }

    private static boolean inScope(String scope, SimulatedRun run) {
        return scope.isEmpty() || scope.equalsIgnoreCase(run.owner())
                || scope.equalsIgnoreCase(run.owner() + "/" + run.repository());
    }

    private void task(ObjectNode task, ActionsJobs.Job job) {
        SimulatedRun run = jobs.runOf(job).orElseThrow();
        GiteaState.Repo repo = state.repositories.get((run.owner() + "/" + run.repository()).toLowerCase(Locale.ROOT));
        String token = GiteaState.randomHex(20);
        job.tokenHash = GiteaState.sha256(token);
        String server = rootUrl.get();
        task.put("id", Long.toString(job.taskId))
                .put("workflowPayload", Base64.getEncoder().encodeToString(job.payload.getBytes(StandardCharsets.UTF_8)));
        task.putObject("context").put("token", token).put("gitea_runtime_token", token).put("server_url", server)
                .put("api_url", server + "/api/v1").put("repository", run.owner() + "/" + run.repository())
                .put("repository_owner", run.owner()).put("ref", "refs/heads/" + run.branch()).put("ref_name", run.branch())
                .put("ref_type", "branch").put("sha", run.headSha()).put("run_id", Long.toString(run.id()))
                .put("run_number", Long.toString(run.runNumber())).put("run_attempt", "1").put("actor", run.actor())
                .put("event_name", run.event()).put("job", job.key).put("workflow", run.workflowFile())
                .putObject("event");
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>();
        GiteaState.Organization org = state.organizations.get(run.owner().toLowerCase(Locale.ROOT));
        for (GiteaState.ActionsSettings level : new GiteaState.ActionsSettings[] {org, repo}) {
            if (level != null) {
                secrets.putAll(level.secrets);
                vars.putAll(level.variables);
            }
        }
        secrets.put("GITEA_TOKEN", token);
        secrets.put("GITHUB_TOKEN", token);
        ObjectNode secretsJson = task.putObject("secrets");
        secrets.forEach(secretsJson::put);
        ObjectNode varsJson = task.putObject("vars");
        vars.forEach(varsJson::put);
        ObjectNode needs = task.putObject("needs");
        for (String need : job.needs) {
            jobs.of(run).stream().filter(j -> j.key.equals(need)).findFirst().ifPresent(j -> needs.putObject(need)
                    .put("result", "RESULT_" + j.status.toUpperCase(Locale.ROOT)).putObject("outputs"));
        }
    }

    private Reply updateTask(GiteaState.Runner runner, JsonNode request) {
        JsonNode taskState = request.path("state");
        ActionsJobs.Job job = ownTask(runner, taskState.path("id").asLong());
        String result = taskState.path("result").asText("RESULT_UNSPECIFIED");
        if (!job.ended() && !result.equals("RESULT_UNSPECIFIED")) {
            String ended = result.substring("RESULT_".length()).toLowerCase(Locale.ROOT);
            if (!Set.of("success", "failure", "cancelled", "skipped").contains(ended)) {
                throw new ConnectError(400, "invalid_argument", "unknown result " + result);
            }
            jobs.end(job, ended);
        }
        ObjectNode out = json.createObjectNode();
        out.putObject("state").put("id", Long.toString(job.taskId))
                .put("result", job.ended() ? "RESULT_" + job.status.toUpperCase(Locale.ROOT) : "RESULT_UNSPECIFIED");
        out.putArray("sentOutputs");
        return ok(out);
    }

    private Reply updateLog(GiteaState.Runner runner, JsonNode request) {
        ActionsJobs.Job job = ownTask(runner, request.path("taskId").asLong());
        long index = request.path("index").asLong();
        if (index > job.log.size()) {
            throw new ConnectError(400, "invalid_argument", "index " + index + " is past the " + job.log.size()
                    + " rows received");
        }
        List<String> rows = new ArrayList<>();
        request.path("rows").forEach(r -> rows.add(r.path("content").asText("")));
        for (int i = 0; i < rows.size(); i++) {
            if (index + i >= job.log.size()) {
                job.log.add(rows.get(i));
            }
        }
        return ok(json.createObjectNode().put("ackIndex", Long.toString(job.log.size())));
    }

    private ActionsJobs.Job ownTask(GiteaState.Runner runner, long taskId) {
        return jobs.task(taskId).filter(j -> j.runnerName.equals(runner.name))
                .orElseThrow(() -> new ConnectError(404, "not_found", "task " + taskId + " is not one of this runner's"));
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
