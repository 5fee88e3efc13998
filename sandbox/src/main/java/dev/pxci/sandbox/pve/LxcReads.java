package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The read-only {@code /nodes/{node}/lxc} endpoints: the container list, {@code status/current},
 * config (typed as PVE types it, with the digest), pending values, features, interfaces and the
 * snapshot list.
 */
final class LxcReads {

    private final ClusterState state;
    private final Map<String, ParamSpec> configSchema;

    LxcReads(ClusterState state, Map<String, ParamSpec> configSchema) {
        this.state = state;
        this.configSchema = configSchema;
    }

    List<Map<String, Object>> list(String node) {
        return state.read(() -> {
            state.requireNode(node);
            List<Map<String, Object>> out = new ArrayList<>();
            long now = ClusterState.now();
            for (Container container : state.containers().values()) {
                if (container.node().equals(node)) {
                    out.add(statusOf(state, container, now, false));
                }
            }
            return out;
        });
    }

    /**
     * The entry of {@code status/current} and of the node's container list: the power state and
     * memory the runtime observes, when it keeps real containers, else the record's.
     */
    static Map<String, Object> statusOf(ClusterState state, Container container, long now, boolean current) {
        Optional<ContainerRuntime.Observation> seen = state.runtime().observe(container.vmid());
        boolean running = seen.map(ContainerRuntime.Observation::running).orElse(container.running());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vmid", container.vmid());
        out.put("name", container.name());
        out.put("status", running ? "running" : "stopped");
        out.put("type", "lxc");
        out.put("uptime", running ? container.uptime(now) : 0);
        out.put("cpus", Integer.parseInt(container.config().getOrDefault("cores", Integer.toString(Inventory.NODE_CPUS))));
        out.put("cpu", 0);
        out.put("maxmem", container.maxMemoryBytes());
        out.put("mem", seen.map(ContainerRuntime.Observation::memoryBytes)
                .orElse(running ? container.maxMemoryBytes() / 8 : 0));
        out.put("maxswap", container.maxSwapBytes());
        out.put("swap", 0);
        out.put("maxdisk", container.rootDiskBytes());
        out.put("disk", running ? container.rootDiskBytes() / 10 : 0);
        out.put("netin", 0);
        out.put("netout", 0);
        out.put("diskread", 0);
        out.put("diskwrite", 0);
        if (container.isTemplate()) {
            out.put("template", 1);
        }
        if (container.lock() != null) {
            out.put("lock", container.lock());
        }
        if (container.config().containsKey("tags")) {
            out.put("tags", container.config().get("tags"));
        }
        if (current) {
            out.put("ha", Map.of("managed", 0));
            out.put("pressurecpusome", 0);
            out.put("pressureiofull", 0);
            out.put("pressureiosome", 0);
            out.put("pressurememoryfull", 0);
            out.put("pressurememorysome", 0);
        }
        return out;
    }

    Map<String, Object> statusCurrent(String node, int vmid) {
        return state.read(() -> statusOf(state, state.requireContainer(node, vmid), ClusterState.now(), true));
    }

    List<Map<String, Object>> index(String node, int vmid, List<String> subdirs) {
        return state.read(() -> {
            state.requireContainer(node, vmid);
            List<Map<String, Object>> out = new ArrayList<>();
            for (String subdir : subdirs) {
                out.add(Map.of("subdir", subdir));
            }
            return out;
        });
    }

    /** {@code GET config}: the config file's keys typed as PVE types them, plus {@code digest}. */
    Map<String, Object> config(String node, int vmid, String snapshotName) {
        return state.read(() -> {
            Container container = state.requireContainer(node, vmid);
            Map<String, String> source = container.config();
            if (snapshotName != null) {
                Container.Snapshot snapshot = container.snapshots().get(snapshotName);
                if (snapshot == null) {
                    throw PveApiException.serverError("snapshot '" + snapshotName + "' does not exist");
                }
                source = new TreeMap<>(snapshot.config());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : source.entrySet()) {
                out.put(entry.getKey(), typed(entry.getKey(), entry.getValue()));
            }
            out.put("digest", container.digest());
            return out;
        });
    }

    /**
     * Integers and booleans come back as JSON numbers (PVE's config parser converts them);
     * {@code number} keys such as {@code cpulimit} stay strings, as on the real server.
     */
    private Object typed(String key, String value) {
        ParamSpec spec = ParameterValidator.specFor(configSchema, key);
        if (spec != null && (spec.type().equals("integer") || spec.type().equals("boolean"))) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    List<Map<String, Object>> pending(String node, int vmid) {
        return state.read(() -> {
            Container container = state.requireContainer(node, vmid);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<String, String> entry : container.config().entrySet()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", entry.getKey());
                item.put("value", typed(entry.getKey(), entry.getValue()));
                out.add(item);
            }
            // pve-container lists every scalar of the parsed config file, its digest among them
            out.add(Map.of("key", "digest", "value", container.digest()));
            return out;
        });
    }

    Map<String, Object> feature(String node, int vmid, String feature) {
        return state.read(() -> {
            Container container = state.requireContainer(node, vmid);
            boolean has = true;
            if (!feature.equals("copy")) {
                for (String volume : container.volumes()) {
                    Inventory.Storage storage = volume == null ? null : Inventory.storage(Volumes.storageOf(volume));
                    has &= storage != null && storage.snapshots();
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hasFeature", has ? 1 : 0);
            out.put("nodes", List.copyOf(state.nodes()));
            return out;
        });
    }

    List<Map<String, Object>> interfaces(String node, int vmid) {
        return state.read(() -> {
            Container container = state.requireContainer(node, vmid);
            if (!container.running()) {
                throw PveApiException.serverError("CT " + vmid + " not running");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            out.add(iface("lo", "00:00:00:00:00:00", "127.0.0.1/8"));
            for (Map.Entry<String, String> entry : container.config().entrySet()) {
                if (ContainerConfigs.NET_KEY.matcher(entry.getKey()).matches()) {
                    Map<String, String> net = PropertyString.parseLenient(entry.getValue(), "name");
                    String ip = net.getOrDefault("ip", "");
                    out.add(iface(net.get("name"), net.get("hwaddr"), ip.contains("/") ? ip : null));
                }
            }
            return out;
        });
    }

    private static Map<String, Object> iface(String name, String hwaddr, String inet) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("hwaddr", hwaddr);
        if (inet != null) {
            out.put("inet", inet);
        }
        return out;
    }

    List<Map<String, Object>> snapshots(String node, int vmid) {
        return state.read(() -> {
            Container container = state.requireContainer(node, vmid);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Container.Snapshot snapshot : container.snapshots().values()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", snapshot.name());
                item.put("description", snapshot.description() == null ? "" : snapshot.description());
                item.put("snaptime", snapshot.snaptime());
                if (snapshot.parent() != null) {
                    item.put("parent", snapshot.parent());
                }
                out.add(item);
            }
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("name", "current");
            current.put("description", "You are here!");
            current.put("running", container.running() ? 1 : 0);
            if (container.lastSnapshot() != null) {
                current.put("parent", container.lastSnapshot());
            }
            out.add(current);
            return out;
        });
    }
}
