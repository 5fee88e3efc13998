package dev.pxci.ports.run;

/** How a stage ended for one target. */
public enum StageOutcome {
    CHANGED,
    UNCHANGED,
    /** Not run, with a reason (the sandbox runs no container processes, the recursion guard, ...). */
    SKIPPED,
    FAILED
}
