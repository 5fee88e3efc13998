package dev.pxci.ports.forge;

/** Capabilities that depend on the forge's version. */
public enum ForgeFeature {
    ACTIONS_SECRETS,
    ACTIONS_VARIABLES,
    RUNNER_TOKEN_API,
    WORKFLOW_RUNS_API,
    WORKFLOW_DISPATCH,
    /** Dispatch answers with the run it started. */
    DISPATCH_RETURNS_RUN
}
