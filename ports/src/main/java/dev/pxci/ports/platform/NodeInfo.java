package dev.pxci.ports.platform;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A cluster node: name, whether it is online, and its free memory and CPUs. */
public record NodeInfo(String name, boolean online, long freeMemoryBytes, int cpus) {
    public NodeInfo {
        Objects.requireNonNull(name, "name");
    }

    /** Where {@code auto} placement puts a container: the online node with the most free memory, ties to the first by name. */
    public static Optional<NodeInfo> roomiest(List<NodeInfo> nodes) {
        return nodes.stream().filter(NodeInfo::online)
                .max(Comparator.comparingLong(NodeInfo::freeMemoryBytes).thenComparing(NodeInfo::name, Comparator.reverseOrder()));
    }
}
