package dev.pxci.ports.forge;

/** Capabilities that depend on the forge's version. */
public enum ForgeFeature {
    ACTIONS_SECRETS,
    ACTIONS_VARIABLES,
    WORKFLOW_RUNS_API
}
