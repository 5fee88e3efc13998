package dev.pxci.domain.stage;

/** What a stage is asked to do. */
public enum Mode {
    /** Read only: report what would change. */
    PLAN,
    /** Make it so and report what changed. */
    APPLY,
    /** Read only: collect evidence that the desired state holds; differences are failures. */
    VERIFY
}
