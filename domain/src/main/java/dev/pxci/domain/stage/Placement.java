package dev.pxci.domain.stage;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.NodeInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code NODE=auto} within one provisioning run: the online node with the most free memory, as
 * the cluster reported it when the run first asked, less the memory of every container this run
 * has already placed there. A container just created uses no memory until it runs, so without
 * this bookkeeping parallel creates would all see the same roomiest node. Thread-safe: decisions
 * are made one at a time.
 */
final class Placement {
    private static final long MIB = 1024L * 1024L;

    private final ContainerPlatform platform;
    private final Map<String, Long> placed = new HashMap<>();
    private List<NodeInfo> nodes;

    Placement(ContainerPlatform platform) {
        this.platform = platform;
    }

    /** {@code spec} with its node decided: unchanged unless it asks for {@link ContainerSpec#AUTO_NODE}. */
    synchronized ContainerSpec place(ContainerSpec spec) {
        if (!ContainerSpec.AUTO_NODE.equals(spec.node())) {
            return spec;
        }
        if (nodes == null) {
            nodes = platform.nodes();
        }
        List<NodeInfo> left = nodes.stream().map(n -> new NodeInfo(n.name(), n.online(),
                n.freeMemoryBytes() - placed.getOrDefault(n.name(), 0L), n.cpus())).toList();
        NodeInfo chosen = roomiest(left).orElseThrow(() -> new PxciException(ErrorCode.FAILED,
                "NODE auto: no node of the cluster is online to place CT " + spec.vmid() + " on",
                "check the cluster with 'pvecm status', or declare a NODE"));
        placed.merge(chosen.name(), spec.config().memoryMiB() * MIB, Long::sum);
        return spec.withNode(chosen.name());
    }

    /** The online node with the most free memory, ties to the first by name. */
    private static Optional<NodeInfo> roomiest(List<NodeInfo> nodes) {
        return nodes.stream().filter(NodeInfo::online)
                .max(Comparator.comparingLong(NodeInfo::freeMemoryBytes).thenComparing(NodeInfo::name, Comparator.reverseOrder()));
    }
}
