package dev.pxci.ports.platform;

import java.util.Objects;

/** A cluster node: name, whether it is online, and its free memory and CPUs. */
public record NodeInfo(String name, boolean online, long freeMemoryBytes, int cpus) {
    public NodeInfo {
        Objects.requireNonNull(name, "name");
    }
}
