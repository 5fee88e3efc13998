package dev.pxci.sandbox.gitea;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The jobs of the Actions runs, as Gitea hands them to runners: a run's jobs are read from its
 * workflow at the run's commit; a job waits until every job it {@code needs} has succeeded (it is
 * skipped when one did not), and goes to the first runner whose labels cover its {@code runs-on}.
 * Each job given out is a task with a token of its own, valid while the task runs, that reads the
 * run's repository (git over HTTP). When every job of a run has ended, the run is completed with
 * {@code failure} if one failed, else {@code success}. Jobs and their logs are kept in memory: a
 * restarted simulator knows the runs, not their jobs. Callers synchronise on the {@link GiteaState}.
 */
final class ActionsJobs {
    /** Where a job is: {@code waiting}, {@code running}, or ended as {@code success}, {@code failure}, {@code skipped}, {@code cancelled}. */
    static final class Job {
        final long id;
        final long runId;
        final String key;
        final String name;
        final List<String> needs;
        final List<String> runsOn;
        final String payload;
        String status = "waiting";
        long taskId;
        String tokenHash = "";
        String runnerName = "";
        final List<String> log = new ArrayList<>();

        Job(long id, long runId, String key, String name, List<String> needs, List<String> runsOn, String payload) {
            this.id = id;
            this.runId = runId;
            this.key = key;
            this.name = name;
            this.needs = List.copyOf(needs);
            this.runsOn = List.copyOf(runsOn);
            this.payload = payload;
        }

        boolean ended() {
            return !status.equals("waiting") && !status.equals("running");
        }
    }

    private final GiteaState state;
    private final Map<Long, List<Job>> byRun = new LinkedHashMap<>();

    ActionsJobs(GiteaState state) {
        this.state = state;
    }

    /** The jobs of a run, read from its workflow the first time they are asked for. */
    List<Job> of(SimulatedRun run) {
        return byRun.computeIfAbsent(run.id(), id -> read(run));
    }

    /** The next job a runner with these label names may take from a run it can see, now running as a new task. */
    Optional<Job> take(Predicate<SimulatedRun> visible, Set<String> labelNames, String runnerName) {
        for (SimulatedRun run : List.copyOf(state.runs)) {
            if (run.status().equals("completed") || !visible.test(run)) {
                continue;
            }
            List<Job> jobs = of(run);
            skipBlocked(jobs);
            for (Job job : jobs) {
                if (job.status.equals("waiting") && ready(job, jobs) && labelNames.containsAll(job.runsOn)) {
                    job.status = "running";
                    job.taskId = state.nextId();
                    job.runnerName = runnerName;
                    if (run.status().equals("queued")) {
                        state.replaceRun(run.withStatus("in_progress", Optional.empty()));
                    }
                    return Optional.of(job);
                }
            }
            settle(run, jobs);
        }
        return Optional.empty();
    }

    /** The running task with this id. */
    Optional<Job> task(long taskId) {
        return byRun.values().stream().flatMap(List::stream).filter(j -> j.taskId == taskId).findFirst();
    }

    /** The job whose running task holds this token (by its SHA-256). */
    Optional<Job> byToken(String token) {
        String hash = GiteaState.sha256(token);
        return byRun.values().stream().flatMap(List::stream)
                .filter(j -> j.status.equals("running") && j.tokenHash.equals(hash)).findFirst();
    }

    /** Ends a running task with a result; jobs that needed it are skipped when it did not succeed. */
    void end(Job job, String result) {
        job.status = result;
        job.tokenHash = "";
        SimulatedRun run = state.run(job.runId).orElseThrow();
        List<Job> jobs = of(run);
        skipBlocked(jobs);
        settle(run, jobs);
    }

    /** The run whose jobs these are. */
    Optional<SimulatedRun> runOf(Job job) {
        return state.run(job.runId);
    }

    private static boolean ready(Job job, List<Job> jobs) {
        return job.needs.stream().allMatch(n -> jobs.stream().anyMatch(j -> j.key.equals(n) && j.status.equals("success")));
    }

    private static void skipBlocked(List<Job> jobs) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Job job : jobs) {
                if (job.status.equals("waiting") && job.needs.stream().anyMatch(n -> jobs.stream()
                        .noneMatch(j -> j.key.equals(n)) || jobs.stream().anyMatch(j -> j.key.equals(n) && j.ended()
                        && !j.status.equals("success")))) {
                    job.status = "skipped";
                    changed = true;
                }
            }
        }
    }

    private void settle(SimulatedRun run, List<Job> jobs) {
        if (jobs.stream().allMatch(Job::ended) && !run.status().equals("completed")) {
            String conclusion = jobs.stream().anyMatch(j -> j.status.equals("failure")) ? "failure"
                    : jobs.stream().anyMatch(j -> j.status.equals("cancelled")) ? "cancelled" : "success";
            state.replaceRun(run.withStatus("completed", Optional.of(conclusion)));
            state.save();
        }
    }

    private List<Job> read(SimulatedRun run) {
        List<Job> jobs = new ArrayList<>();
        Map<?, ?> workflow = workflow(run);
        if (workflow != null && workflow.get("jobs") instanceof Map<?, ?> declared) {
            for (Map.Entry<?, ?> e : declared.entrySet()) {
                String key = String.valueOf(e.getKey());
                Map<?, ?> body = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
                Object name = body.get("name");
                jobs.add(new Job(state.nextId(), run.id(), key, name == null ? key : String.valueOf(name),
                        strings(body.get("needs")), strings(body.get("runs-on")), singleJob(workflow, key, body)));
            }
        }
        return jobs;
    }

    private Map<?, ?> workflow(SimulatedRun run) {
        GiteaState.Repo repo = state.repositories.get((run.owner() + "/" + run.repository()).toLowerCase(Locale.ROOT));
        if (repo == null) {
            return null;
        }
        try {
            Optional<String> text = WorkflowTriggers.text(repo.git, ObjectId.fromString(run.headSha()), run.workflowFile());
            Object doc = text.map(t -> new Yaml(new SafeConstructor(new LoaderOptions())).load(t)).orElse(null);
            return doc instanceof Map<?, ?> map ? map : null;
        } catch (IOException | RuntimeException e) {
            return null; // a workflow that cannot be read has no jobs: the run ends at once
        }
    }

    /** The workflow with only this job, as Gitea stores a job's payload for its runner. */
    private static String singleJob(Map<?, ?> workflow, String key, Map<?, ?> body) {
        Map<Object, Object> one = new LinkedHashMap<>();
        workflow.forEach((k, v) -> {
            if (!"jobs".equals(k)) {
                one.put(Boolean.TRUE.equals(k) ? "on" : k, v);
            }
        });
        one.put("jobs", Map.of(key, body));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(one);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
