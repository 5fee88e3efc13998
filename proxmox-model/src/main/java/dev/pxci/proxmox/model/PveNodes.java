package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.platform.NodeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The cluster's nodes from {@code GET /nodes}. */
public final class PveNodes {
    private PveNodes() {
    }

    /** Each node of a {@code GET /nodes} answer, by name: online or not, its free memory and its CPUs. */
    public static List<NodeInfo> of(JsonNode nodes) {
        List<NodeInfo> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            Lenient.text(node, "node").ifPresent(name -> out.add(new NodeInfo(name,
                    "online".equals(Lenient.text(node, "status").orElse("")),
                    Math.max(0, Lenient.longValue(node, "maxmem", 0) - Lenient.longValue(node, "mem", 0)),
                    Lenient.intValue(node, "maxcpu", 0))));
        }
        out.sort(Comparator.comparing(NodeInfo::name));
        return List.copyOf(out);
    }

    /**
     * Where a platform puts a spec that leaves the node to it ({@code NODE auto} given to the
     * platform itself; the engine places its specs before): the online node with the most free
     * memory, ties to the first by name.
     */
    public static Optional<NodeInfo> roomiest(List<NodeInfo> nodes) {
        return nodes.stream().filter(NodeInfo::online)
                .max(Comparator.comparingLong(NodeInfo::freeMemoryBytes).thenComparing(NodeInfo::name, Comparator.reverseOrder()));
    }
}
