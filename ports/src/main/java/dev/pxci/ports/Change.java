package dev.pxci.ports;

/** What an {@code ensure}/{@code put} operation of a port did to reach the desired state. */
public enum Change {
    CREATED,
    UPDATED,
    UNCHANGED;

    public boolean changed() {
        return this != UNCHANGED;
    }
}
