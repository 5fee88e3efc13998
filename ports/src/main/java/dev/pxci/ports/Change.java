package dev.pxci.ports;

/** What an ensure-style operation did to reach the desired state. */
public enum Change {
    CREATED,
    UPDATED,
    DELETED,
    UNCHANGED;

    public boolean changed() {
        return this != UNCHANGED;
    }
}
