package dev.pxci.adapter.ansible.internal;

/** How one task ended on one host. */
public enum TaskStatus {
    OK,
    CHANGED,
    SKIPPED,
    FAILED,
    UNREACHABLE
}
