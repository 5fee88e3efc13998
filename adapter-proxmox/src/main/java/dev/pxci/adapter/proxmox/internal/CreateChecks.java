package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.ConfigCodec;
import dev.pxci.proxmox.model.Lenient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Proxmox VE checks when a container is created (pve-container's create_vm) and the API can
 * tell beforehand, read-only: that each disk's storage takes container directories, that each
 * interface's bridge exists, that no other guest holds the id, and that share volumes kept on one
 * node are not expected on another. Each refusal is one sentence naming the setting and what is
 * accepted. Thread-safe.
 */
public final class CreateChecks {
    private final PveClient client;

    public CreateChecks(PveClient client) {
        this.client = client;
    }

    /** Each disk's storage must exist on the node, be active and take container directories ({@code rootdir}). */
    public List<String> storages(String node, ContainerConfig config) {
        Map<String, JsonNode> storages = new TreeMap<>();
        for (JsonNode storage : client.get(PveClient.path("nodes", node, "storage"))) {
            Lenient.text(storage, "storage").ifPresent(name -> storages.put(name, storage));
        }
        List<String> rootdir = storages.entrySet().stream()
                .filter(e -> contentOf(e.getValue()).contains("rootdir")).map(Map.Entry::getKey).toList();
        String accepted = rootdir.isEmpty() ? "no storage of node " + node + " does"
                : "storages that do: " + String.join(", ", rootdir);
        Map<String, String> disks = new LinkedHashMap<>();
        disks.put("DISK (rootfs)", config.rootDisk().storage());
        config.mounts().forEach(m -> disks.put("MOUNT (mp" + m.slot() + ")", m.storage()));
        List<String> refusals = new ArrayList<>();
        disks.forEach((what, name) -> {
            JsonNode storage = storages.get(name);
            if (storage == null) {
                refusals.add(what + ": storage '" + name + "' does not exist on node " + node + " (" + accepted + ")");
            } else if (!contentOf(storage).contains("rootdir")) {
                refusals.add(what + ": storage '" + name + "' does not support container directories (it takes "
                        + String.join(", ", contentOf(storage)) + "; " + accepted + ")");
            } else if (!Lenient.bool(storage, "enabled", true) || !Lenient.bool(storage, "active", true)) {
                refusals.add(what + ": storage '" + name + "' is not active on node " + node);
            }
        });
        return refusals;
    }

    /**
     * Each interface's bridge must exist on the node: Proxmox VE creates the container all the
     * same and refuses only its start. Nothing is said when the node's network cannot be read
     * (it needs {@code Sys.Audit} on the node).
     */
    public List<String> bridges(String node, ContainerConfig config) {
        if (config.networks().isEmpty()) {
            return List.of();
        }
        Set<String> bridges = new TreeSet<>();
        try {
            for (JsonNode bridge : client.get(PveClient.path("nodes", node, "network"), Map.of("type", "any_bridge"))) {
                Lenient.text(bridge, "iface").ifPresent(bridges::add);
            }
        } catch (ApiError e) {
            if (e.code() == ErrorCode.FORBIDDEN || e.code() == ErrorCode.UNSUPPORTED || e.code() == ErrorCode.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        List<String> refusals = new ArrayList<>();
        for (NetworkInterface net : config.networks()) {
            if (!net.bridge().isEmpty() && !bridges.contains(net.bridge())) {
                refusals.add("BRIDGE (net" + net.slot() + "): bridge '" + net.bridge() + "' does not exist on node " + node
                        + " (bridges: " + (bridges.isEmpty() ? "none" : String.join(", ", bridges)) + ")");
            }
        }
        return refusals;
    }

    /**
     * No VM may hold the id, and the container of that id (replaced) or the holder of its kept
     * share volumes must be on {@code node} when the new container declares mount points: volumes
     * move between containers of one node only.
     */
    public List<String> id(int vmid, String node, boolean declaresMounts) {
        List<String> refusals = new ArrayList<>();
        String holderName = ShareHolders.holderName(vmid);
        for (JsonNode entry : client.get("/cluster/resources", Map.of("type", "vm"))) {
            Optional<ClusterResource> found = ClusterResource.from(entry);
            if (found.isEmpty()) {
                continue;
            }
            ClusterResource r = found.get();
            if (r.vmid() == vmid && !r.isContainer()) {
                refusals.add("ID " + vmid + " is taken by VM " + vmid + " '" + r.name() + "' on node " + r.node());
            } else if (declaresMounts && r.isContainer() && !r.node().equals(node)
                    && (r.name().equals(holderName) || r.vmid() == vmid && hasMountVolumes(r))) {
                refusals.add("NODE " + node + ": the share volumes of CT " + vmid + " are kept on node " + r.node() + " (in CT "
                        + r.vmid() + "), and volumes move between containers of one node only; declare NODE=" + r.node()
                        + " or migrate first (pct migrate " + r.vmid() + " " + node + ")");
            }
        }
        return refusals;
    }

    private boolean hasMountVolumes(ClusterResource container) {
        JsonNode config = client.get(PveClient.path("nodes", container.node(), "lxc", container.vmid(), "config"));
        return !ConfigCodec.slots(config, "mp").isEmpty();
    }

    private static List<String> contentOf(JsonNode storage) {
        return Lenient.text(storage, "content").map(c -> Arrays.stream(c.split("[,;\\s]+"))
                .filter(t -> !t.isEmpty()).sorted().toList()).orElse(List.of());
    }
}
