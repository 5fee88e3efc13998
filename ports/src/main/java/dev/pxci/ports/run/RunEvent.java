package dev.pxci.ports.run;

import java.time.Duration;
import java.util.Objects;

/** Progress of a run, in the order things happen. */
public sealed interface RunEvent {

    /** A stage began for a target. */
    record StageStarted(String stage, String target) implements RunEvent {
        public StageStarted {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
        }
    }

    /** A stage ended for a target. */
    record StageFinished(StageReport report) implements RunEvent {
        public StageFinished {
            Objects.requireNonNull(report, "report");
        }
    }

    /** A long task (a platform task, a converge, a push) began. */
    record TaskStarted(String stage, String target, String task) implements RunEvent {
        public TaskStarted {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(task, "task");
        }
    }

    /** A long task ended; {@code ok} is false when it failed. */
    record TaskFinished(String stage, String target, String task, boolean ok, Duration elapsed) implements RunEvent {
        public TaskFinished {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** A line of output from a tool or a remote command, already free of secrets. */
    record Output(String stage, String target, String line) implements RunEvent {
        public Output {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(line, "line");
        }
    }

    /** Something the user should see: a warning (insecure TLS, task warnings). */
    record Warning(String message) implements RunEvent {
        public Warning {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The run is over. */
    record RunFinished(RunReport report) implements RunEvent {
        public RunFinished {
            Objects.requireNonNull(report, "report");
        }
    }
}
