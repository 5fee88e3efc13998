package dev.pxci.domain.stage;

import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Wraps a long operation in {@code TaskStarted}/{@code TaskFinished} events with its elapsed time. */
public final class Tasks {
    private Tasks() {
    }

    public static <T> T run(RunListener listener, String stage, String target, String task, Supplier<T> work) {
        listener.onEvent(new RunEvent.TaskStarted(stage, target, task));
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            listener.onEvent(new RunEvent.TaskFinished(stage, target, task, ok, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /**
     * Adds what a platform operation left as evidence (its task id, its warnings) to
     * {@code evidence}, and tells the listener each warning as it happened to {@code target}.
     */
    public static void note(RunListener listener, String target, TaskOutcome outcome, List<String> evidence) {
        if (!outcome.taskId().isEmpty()) {
            evidence.add("task " + outcome.taskId());
        }
        for (String w : outcome.warnings()) {
            evidence.add("warning: " + w);
            listener.onEvent(new RunEvent.Warning(target + ": " + w));
        }
    }
}
