package dev.pxci.it.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A rehearsal of act_runner in host mode, in test code: no registry here serves act_runner, and
 * the stand-in in the container registers but runs nothing. It takes the place of the runner
 * registered in the container (its {@code .runner} credential), fetches the jobs Gitea hands out
 * ({@code FetchTask}, in {@code needs} order), and runs each inside the real container as the
 * runner's user, as act_runner's host executor does: {@code run:} steps with bash ({@code -e},
 * {@code pipefail}) in the job's workspace, local composite actions ({@code uses: ./path}) with
 * their inputs, {@code ${{ vars.* }}}, {@code ${{ secrets.* }}}, {@code ${{ gitea.* }}} (and
 * {@code github.*}), {@code ${{ inputs.* }}} and {@code ${{ env.* }}} filled from the task;
 * workflow, job and step {@code env}; a failed step fails its job. Logs go back with
 * {@code UpdateLog}, results with {@code UpdateTask}. What it does not know (an {@code if:}, an
 * expression other than a context's property, a remote action) fails the job saying so, rather
 * than being skipped. It masks nothing in the logs, so a test can see what a run would print.
 */
final class RunnerRehearsal {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*\\}\\}");
    private static final Pattern PROPERTY = Pattern.compile("([a-z]+)\\.([A-Za-z0-9_-]+)");
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);

    /** One job as it ran: its key, result and every log line. */
    record JobRun(String job, String result, List<String> log) {
    }

    private final LxcHost host;
    private final int vmid;
    private final String runnerUser;
    private final String runnerHome;
    private final String api;
    private final String uuid;
    private final String credential;
    private final java.util.Set<String> secretsHandedOut = new java.util.LinkedHashSet<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RunnerRehearsal(LxcHost host, int vmid, String runnerUser, String runnerHome, String giteaUrl,
            JsonNode registration) {
        this.host = host;
        this.vmid = vmid;
        this.runnerUser = runnerUser;
        this.runnerHome = runnerHome;
        this.api = giteaUrl + "/api/actions/";
        this.uuid = registration.path("uuid").asText();
        this.credential = registration.path("token").asText();
    }

    /** Takes the place of the runner registered in the container (its {@code HOME/.runner}), reaching its Gitea at {@code giteaUrl}. */
    static RunnerRehearsal of(LxcHost host, int vmid, String runnerUser, String runnerHome, String giteaUrl)
            throws IOException {
        String registration = host.attach(vmid, "cat " + runnerHome + "/.runner");
        return new RunnerRehearsal(host, vmid, runnerUser, runnerHome, giteaUrl, new ObjectMapper().readTree(registration));
    }

    /** Every secret value (and each line of at least six characters of a multi-line one) the tasks carried. */
    java.util.Set<String> secretsHandedOut() {
        return java.util.Set.copyOf(secretsHandedOut);
    }

    /** Runs jobs until Gitea has none left for this runner (at most {@code maxJobs}, within {@code deadline}). */
    List<JobRun> runAll(int maxJobs, Duration deadline) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(deadline);
        List<JobRun> runs = new ArrayList<>();
        while (runs.size() < maxJobs && Instant.now().isBefore(end)) {
            JsonNode task = call("runner.v1.RunnerService/FetchTask", json.createObjectNode().put("tasksVersion", "0"))
                    .path("task");
            if (!task.has("id")) {
                return runs;
            }
            runs.add(run(task));
        }
        return runs;
    }

    private JobRun run(JsonNode task) throws IOException, InterruptedException {
        String taskId = task.path("id").asText();
        Map<?, ?> workflow = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(
                new String(Base64.getDecoder().decode(task.path("workflowPayload").asText()), StandardCharsets.UTF_8));
        Map.Entry<?, ?> only = ((Map<?, ?>) workflow.get("jobs")).entrySet().iterator().next();
        String key = String.valueOf(only.getKey());
        Map<?, ?> job = (Map<?, ?>) only.getValue();
        Contexts contexts = new Contexts(strings(task.path("context")), strings(task.path("vars")),
                strings(task.path("secrets")));
        contexts.secrets.values().forEach(secret -> {
            secretsHandedOut.add(secret);
            secret.lines().map(String::strip).filter(l -> l.length() >= 6).forEach(secretsHandedOut::add);
        });
        String workspace = runnerHome + "/.cache/act/" + taskId + "/hostexecutor";
        List<String> log = new ArrayList<>();
        String result = "RESULT_SUCCESS";
        try {
            inContainer("mkdir -p " + workspace + " " + runnerHome + "/.cache/act/" + taskId + "/tmp", Map.of(), "/", log);
            Map<String, String> env = new LinkedHashMap<>(defaults(contexts, workspace, taskId));
            env.putAll(contexts.evaluateAll(workflow.get("env"), env, Map.of(), true));
            env.putAll(contexts.evaluateAll(job.get("env"), env, Map.of(), true));
            for (Object step : list(job.get("steps"))) {
                if (!step((Map<?, ?>) step, contexts, env, Map.of(), true, workspace, log)) {
                    result = "RESULT_FAILURE";
                    break;
                }
            }
        } catch (Unsupported e) {
            log.add("rehearsal: " + e.getMessage());
            result = "RESULT_FAILURE";
        } finally {
            inContainer("rm -rf " + runnerHome + "/.cache/act/" + taskId, Map.of(), "/", new ArrayList<>());
        }
        sendLog(taskId, log);
        call("runner.v1.RunnerService/UpdateTask", json.createObjectNode().set("state", json.createObjectNode()
                .put("id", taskId).put("result", result).put("stoppedAt", Instant.now().toString())));
        return new JobRun(key, result, log);
    }

    /** One step: true when it succeeded. */
    private boolean step(Map<?, ?> step, Contexts contexts, Map<String, String> env, Map<String, String> inputs,
            boolean secretsVisible, String workspace, List<String> log) throws IOException, InterruptedException {
        for (Object k : step.keySet()) {
            if (!List.of("name", "run", "uses", "with", "env", "shell", "id").contains(String.valueOf(k))) {
                throw new Unsupported("step key '" + k + "' is not rehearsed");
            }
        }
        Map<String, String> stepEnv = new LinkedHashMap<>(env);
        stepEnv.putAll(contexts.evaluateAll(step.get("env"), env, inputs, secretsVisible));
        Object name = step.get("name");
        if (step.get("run") != null) {
            Object shell = step.get("shell");
            if (shell != null && !"bash".equals(shell)) {
                throw new Unsupported("shell '" + shell + "' is not rehearsed");
            }
            String script = contexts.evaluate(String.valueOf(step.get("run")), stepEnv, inputs, secretsVisible);
            log.add("::group::" + (name == null ? script.lines().findFirst().orElse("") : contexts.evaluate(
                    String.valueOf(name), stepEnv, inputs, secretsVisible)));
            int exit = inContainer(script, stepEnv, workspace, log);
            log.add("::endgroup:: exit " + exit);
            return exit == 0;
        }
        String uses = String.valueOf(step.get("uses"));
        if (!uses.startsWith("./")) {
            throw new Unsupported("only local actions are rehearsed, not " + uses);
        }
        Map<?, ?> action = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(
                host.attach(vmid, "cat " + workspace + "/" + uses.substring(2) + "/action.yml"));
        Map<?, ?> runs = (Map<?, ?>) action.get("runs");
        if (!"composite".equals(runs.get("using"))) {
            throw new Unsupported("only composite actions are rehearsed, not " + runs.get("using"));
        }
        Map<String, String> with = contexts.evaluateAll(step.get("with"), stepEnv, inputs, secretsVisible);
        Map<String, String> actionInputs = new LinkedHashMap<>();
        if (action.get("inputs") instanceof Map<?, ?> declared) {
            declared.forEach((k, v) -> {
                Object fallback = v instanceof Map<?, ?> m ? m.get("default") : null;
                actionInputs.put(String.valueOf(k), with.getOrDefault(String.valueOf(k),
                        fallback == null ? "" : String.valueOf(fallback)));
            });
        }
        for (String given : with.keySet()) {
            if (!actionInputs.containsKey(given)) {
                throw new Unsupported("input '" + given + "' is not one the action " + uses + " declares");
            }
        }
        for (Object inner : list(runs.get("steps"))) {
            // as on GitHub, a composite action's steps see no secrets context: only inputs and the environment
            if (!step((Map<?, ?>) inner, contexts, stepEnv, actionInputs, false, workspace, log)) {
                return false;
            }
        }
        return true;
    }

    /** Runs a bash script in the container as the runner's user, its environment in a file only that user reads. */
    private int inContainer(String script, Map<String, String> env, String directory, List<String> log)
            throws IOException, InterruptedException {
        StringBuilder file = new StringBuilder("set -a\n");
        env.forEach((k, v) -> file.append(k).append('=').append(quote(v)).append('\n'));
        file.append("set +a\ncd ").append(quote(directory)).append(" || exit 1\n").append(script).append('\n');
        String path = runnerHome + "/.cache/act/step-" + System.nanoTime() + ".sh";
        Process write = attach("umask 077; mkdir -p " + runnerHome + "/.cache/act; cat > " + path);
        write.getOutputStream().write(file.toString().getBytes(StandardCharsets.UTF_8));
        write.getOutputStream().close();
        if (!write.waitFor(60, TimeUnit.SECONDS) || write.exitValue() != 0) {
            throw new IOException("cannot write the step's script in container " + vmid);
        }
        Process run = attach("bash --noprofile --norc -e -o pipefail " + path + " </dev/null; rc=$?; rm -f " + path
                + "; exit $rc");
        run.getOutputStream().close();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.add(line);
            }
        }
        if (!run.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            run.destroyForcibly();
            return 124;
        }
        return run.exitValue();
    }

    private Process attach(String command) throws IOException {
        return new ProcessBuilder("lxc-attach", "-P", host.lxcPath().toString(), "-n", Integer.toString(vmid),
                "--clear-env", "--set-var", "PATH=" + PATH, "--", "/usr/sbin/runuser", "-u", runnerUser, "--",
                "/bin/bash", "-c", command).redirectErrorStream(true).start();
    }

    private Map<String, String> defaults(Contexts contexts, String workspace, String taskId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", runnerHome);
        env.put("PATH", PATH);
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITEA_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", workspace);
        env.put("RUNNER_TEMP", runnerHome + "/.cache/act/" + taskId + "/tmp");
        for (String name : List.of("sha", "ref", "ref_name", "repository", "server_url", "run_id", "run_number", "actor",
                "event_name")) {
            env.put("GITHUB_" + name.toUpperCase(java.util.Locale.ROOT), contexts.gitea.getOrDefault(name, ""));
        }
        return env;
    }

    private void sendLog(String taskId, List<String> log) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("taskId", taskId).put("index", "0").put("noMore", true);
        var rows = request.putArray("rows");
        log.forEach(line -> rows.addObject().put("time", Instant.now().toString()).put("content", line));
        call("runner.v1.RunnerService/UpdateLog", request);
    }

    private JsonNode call(String procedure, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + procedure))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("x-runner-uuid", uuid).header("x-runner-token", credential)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(procedure + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    /** The expression contexts of a task. */
    private static final class Contexts {
        final Map<String, String> gitea;
        final Map<String, String> vars;
        final Map<String, String> secrets;

        Contexts(Map<String, String> gitea, Map<String, String> vars, Map<String, String> secrets) {
            this.gitea = gitea;
            this.vars = vars;
            this.secrets = secrets;
        }

        Map<String, String> evaluateAll(Object map, Map<String, String> env, Map<String, String> inputs, boolean secretsVisible) {
            Map<String, String> out = new LinkedHashMap<>();
            if (map instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(String.valueOf(k), evaluate(String.valueOf(v), env, inputs, secretsVisible)));
            }
            return out;
        }

        String evaluate(String text, Map<String, String> env, Map<String, String> inputs, boolean secretsVisible) {
            Matcher m = EXPRESSION.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Matcher p = PROPERTY.matcher(m.group(1));
                if (!p.matches()) {
                    throw new Unsupported("the expression '" + m.group(1) + "' is not a context's property");
                }
                Map<String, String> context = switch (p.group(1)) {
                    case "gitea", "github" -> gitea;
                    case "vars" -> vars;
                    case "secrets" -> {
                        if (!secretsVisible) {
                            throw new Unsupported("Unrecognized named-value: 'secrets' (a composite action has no secrets context)");
                        }
                        yield secrets;
                    }
                    case "inputs" -> inputs;
                    case "env" -> env;
                    default -> throw new Unsupported("the context '" + p.group(1) + "' is not rehearsed");
                };
                m.appendReplacement(out, Matcher.quoteReplacement(context.getOrDefault(p.group(2), "")));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** What the rehearsal does not do; the job fails saying so. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }
}
