package dev.pxci.ports.platform;

/** Whether a container runs. */
public enum PowerState {
    RUNNING,
    STOPPED,
    UNKNOWN
}
