package dev.pxci.cli;

import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each stage and task of a run began and ended, per target, in milliseconds since the run
 * began: what {@link HtmlReport} draws. Thread-safe: the engine reports from several workers.
 */
final class RunTimeline implements RunListener {
    /** A stage of one target; {@code end} and {@code outcome} are empty while it runs. */
    record Stage(String stage, long start, Optional<Long> end, Optional<StageOutcome> outcome, String summary,
                 List<String> changes) {
    }

    /** A task of one target; a lock wait is a task the engine names {@code wait for the ... lock ...}. */
    record Task(String stage, String task, long start, Optional<Long> end, boolean ok) {
        boolean lockWait() {
            return task.startsWith("wait for ") && task.contains(" lock");
        }
    }

    /** Everything that happened to one target, in the order it began. */
    record Lane(String target, List<Stage> stages, List<Task> tasks) {
    }

    private final long origin = System.nanoTime();
    private final Map<String, List<Stage>> stages = new LinkedHashMap<>();
    private final Map<String, List<Task>> tasks = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private RunReport report;

    /** A listener that tells {@code other} first, then this timeline. */
    RunListener alongside(RunListener other) {
        return event -> {
            other.onEvent(event);
            onEvent(event);
        };
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        long now = (System.nanoTime() - origin) / 1_000_000;
        if (event instanceof RunEvent.StageStarted s) {
            lane(stages, s.target()).add(new Stage(s.stage(), now, Optional.empty(), Optional.empty(), "", List.of()));
        } else if (event instanceof RunEvent.StageFinished f) {
            List<Stage> lane = lane(stages, f.report().target());
            int i = running(lane, s -> s.stage().equals(f.report().stage()) && s.end().isEmpty());
            long start = i < 0 ? now : lane.get(i).start();
            Stage done = new Stage(f.report().stage(), start, Optional.of(now), Optional.of(f.report().outcome()),
                    f.report().summary(), f.report().changes());
            if (i < 0) {
                lane.add(done);
            } else {
                lane.set(i, done);
            }
        } else if (event instanceof RunEvent.TaskStarted t) {
            lane(tasks, t.target()).add(new Task(t.stage(), t.task(), now, Optional.empty(), true));
        } else if (event instanceof RunEvent.TaskFinished t) {
            List<Task> lane = lane(tasks, t.target());
            int i = running(lane, x -> x.task().equals(t.task()) && x.stage().equals(t.stage()) && x.end().isEmpty());
            long start = i < 0 ? now - t.elapsed().toMillis() : lane.get(i).start();
            Task done = new Task(t.stage(), t.task(), start, Optional.of(now), t.ok());
            if (i < 0) {
                lane.add(done);
            } else {
                lane.set(i, done);
            }
        } else if (event instanceof RunEvent.Warning w) {
            warnings.add(w.message());
        } else if (event instanceof RunEvent.RunFinished r) {
            report = r.report();
        }
    }

    /** The lanes, one per target, in the order the targets were first worked on. */
    synchronized List<Lane> lanes() {
        List<String> targets = new ArrayList<>(stages.keySet());
        tasks.keySet().stream().filter(t -> !targets.contains(t)).forEach(targets::add);
        return targets.stream().map(t -> new Lane(t, List.copyOf(stages.getOrDefault(t, List.of())),
                List.copyOf(tasks.getOrDefault(t, List.of())))).toList();
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The run's report, once it finished. */
    synchronized Optional<RunReport> report() {
        return Optional.ofNullable(report);
    }

    private static <T> List<T> lane(Map<String, List<T>> lanes, String target) {
        return lanes.computeIfAbsent(target, t -> new ArrayList<>());
    }

    /** The last entry of {@code lane} matching {@code which}, or -1. */
    private static <T> int running(List<T> lane, java.util.function.Predicate<T> which) {
        for (int i = lane.size() - 1; i >= 0; i--) {
            if (which.test(lane.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
