package dev.pxci.ports.platform;

import java.util.Objects;

/** Identifies an existing container: its id and the node it is on. */
public record ContainerRef(int vmid, String node) {
    public ContainerRef {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return "CT " + vmid + " on " + node;
    }
}
