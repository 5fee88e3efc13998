package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-only views of the cluster: version, nodes, cluster resources and status, the next
 * free id, storages and their content, the node's network, and tasks with their logs.
 */
final class ClusterReads {

    static final String VERSION = "9.1.3";
    static final String RELEASE = "9.1";
    static final String REPO_ID = "pxci-sandbox";
    private static final String KERNEL = "6.17.2-1-pve";
    /** The field of {@code GET /version} that says whether containers run processes. */
    static final String CONTAINER_PROCESSES = "container-processes";

    /** A list answer that also carries PVE's top-level {@code total}. */
    record Paged(List<Map<String, Object>> data, int total) {
    }

    private final ClusterState state;
    private final String fingerprint;

    ClusterReads(ClusterState state, String fingerprint) {
        this.state = state;
        this.fingerprint = fingerprint;
    }

    /**
     * {@code GET /version}: PVE's four fields, plus {@value #CONTAINER_PROCESSES}: 1 when the
     * containers behind this API run processes (the LXC runtime), 0 when they are records. A real
     * PVE sends no such field, and its containers always run; so a client reads "absent or 1" as
     * "the in-container stages can run", without knowing what answers.
     */
    Map<String, Object> version() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", VERSION);
        out.put("release", RELEASE);
        out.put("repoid", REPO_ID);
        out.put("console", "xtermjs");
        out.put(CONTAINER_PROCESSES, state.runtime().runsProcesses() ? 1 : 0);
        return out;
    }

    List<Map<String, Object>> nodes() {
        return state.read(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            long uptime = ClusterState.now() - state.bootEpochSecond();
            for (String node : state.nodes()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("node", node);
                item.put("status", "online");
                item.put("type", "node");
                item.put("id", "node/" + node);
                item.put("cpu", 0.01);
                item.put("maxcpu", Inventory.NODE_CPUS);
                item.put("mem", usedMemory(node));
                item.put("maxmem", Inventory.NODE_MEMORY);
                item.put("uptime", uptime);
                item.put("level", "");
                item.put("ssl_fingerprint", fingerprint);
                out.add(item);
            }
            return out;
        });
    }

    private long usedMemory(String node) {
        long used = 2L * Container.GIB;
        for (Container container : state.containers().values()) {
            if (container.node().equals(node) && container.running()) {
                used += container.maxMemoryBytes() / 8;
            }
        }
        return used;
    }

    Map<String, Object> nodeStatus(String node) {
        return state.read(() -> {
            state.requireNode(node);
            long used = usedMemory(node);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("uptime", ClusterState.now() - state.bootEpochSecond());
            out.put("cpu", 0.01);
            out.put("wait", 0);
            out.put("idle", 0);
            out.put("loadavg", List.of("0.08", "0.05", "0.01"));
            out.put("kversion", "Linux " + KERNEL + " #1 SMP PREEMPT_DYNAMIC PMX " + KERNEL + " x86_64");
            out.put("pveversion", "pve-manager/" + VERSION + "/" + REPO_ID);
            out.put("cpuinfo", Map.of("cpus", Inventory.NODE_CPUS, "cores", Inventory.NODE_CPUS / 2, "sockets", 1,
                    "model", "pxci sandbox virtual CPU", "mhz", "2400.000", "hvm", "1", "user_hz", 100));
            out.put("memory", Map.of("total", Inventory.NODE_MEMORY, "used", used, "free", Inventory.NODE_MEMORY - used,
                    "available", Inventory.NODE_MEMORY - used));
            out.put("swap", Map.of("total", 8L * Container.GIB, "used", 0, "free", 8L * Container.GIB));
            Inventory.Storage local = Inventory.storage("local");
            out.put("rootfs", Map.of("total", local.totalBytes(), "used", local.baseUsedBytes(),
                    "avail", local.totalBytes() - local.baseUsedBytes(), "free", local.totalBytes() - local.baseUsedBytes()));
            out.put("current-kernel", Map.of("sysname", "Linux", "release", KERNEL, "machine", "x86_64",
                    "version", "#1 SMP PREEMPT_DYNAMIC PMX " + KERNEL));
            out.put("boot-info", Map.of("mode", "efi", "secureboot", 0));
            out.put("ksm", Map.of("shared", 0));
            return out;
        });
    }

    List<Map<String, Object>> resources(String type) {
        return state.read(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            long now = ClusterState.now();
            if (type == null || type.equals("vm")) {
                for (Container container : state.containers().values()) {
                    Map<String, Object> status = LxcReads.statusOf(state, container, now, false);
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", "lxc/" + container.vmid());
                    item.put("type", "lxc");
                    item.put("vmid", container.vmid());
                    item.put("node", container.node());
                    item.put("name", container.name());
                    item.put("status", status.get("status"));
                    item.put("template", container.isTemplate() ? 1 : 0);
                    item.put("uptime", status.get("uptime"));
                    item.put("maxcpu", status.get("cpus"));
                    item.put("cpu", 0);
                    item.put("maxmem", status.get("maxmem"));
                    item.put("mem", status.get("mem"));
                    item.put("maxdisk", status.get("maxdisk"));
                    item.put("disk", status.get("disk"));
                    item.put("netin", 0);
                    item.put("netout", 0);
                    item.put("diskread", 0);
                    item.put("diskwrite", 0);
                    if (container.lock() != null) {
                        item.put("lock", container.lock());
                    }
                    if (container.config().containsKey("tags")) {
                        item.put("tags", container.config().get("tags"));
                    }
                    out.add(item);
                }
            }
            for (String node : state.nodes()) {
                if (type == null || type.equals("node")) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", "node/" + node);
                    item.put("type", "node");
                    item.put("node", node);
                    item.put("status", "online");
                    item.put("level", "");
                    item.put("cgroup-mode", 2);
                    item.put("cpu", 0.01);
                    item.put("maxcpu", Inventory.NODE_CPUS);
                    item.put("mem", usedMemory(node));
                    item.put("maxmem", Inventory.NODE_MEMORY);
                    item.put("disk", Inventory.storage("local").baseUsedBytes());
                    item.put("maxdisk", Inventory.storage("local").totalBytes());
                    item.put("uptime", now - state.bootEpochSecond());
                    out.add(item);
                }
                if (type == null || type.equals("storage")) {
                    for (Inventory.Storage storage : Inventory.STORAGES) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("id", "storage/" + node + "/" + storage.name());
                        item.put("type", "storage");
                        item.put("storage", storage.name());
                        item.put("node", node);
                        item.put("status", "available");
                        item.put("plugintype", storage.type());
                        item.put("content", storage.contentList());
                        item.put("shared", storage.shared() ? 1 : 0);
                        item.put("disk", usedBytes(node, storage));
                        item.put("maxdisk", storage.totalBytes());
                        out.add(item);
                    }
                }
                if (type == null || type.equals("sdn")) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", "sdn/" + node + "/localnetwork");
                    item.put("type", "sdn");
                    item.put("sdn", "localnetwork");
                    item.put("node", node);
                    item.put("status", "ok");
                    out.add(item);
                }
            }
            return out;
        });
    }

    private long usedBytes(String node, Inventory.Storage storage) {
        long used = storage.baseUsedBytes();
        for (Map<String, Object> volume : volumes(node, storage)) {
            used += (Long) volume.get("size");
        }
        return used;
    }

    /** {@code GET /cluster/nextid}: a string, as PVE returns it; 400 when a requested id is taken. */
    String nextId(String requested) {
        return state.read(() -> {
            if (requested != null) {
                int vmid = Integer.parseInt(requested);
                if (state.containers().containsKey(vmid)) {
                    throw PveApiException.parameter("vmid", "VM " + vmid + " already exists");
                }
                return Integer.toString(vmid);
            }
            int candidate = 100;
            while (state.containers().containsKey(candidate)) {
                candidate++;
            }
            return Integer.toString(candidate);
        });
    }

    List<Map<String, Object>> clusterStatus() {
        return state.read(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            List<String> nodes = state.nodes();
            if (nodes.size() > 1) {
                Map<String, Object> cluster = new LinkedHashMap<>();
                cluster.put("type", "cluster");
                cluster.put("id", "cluster");
                cluster.put("name", REPO_ID);
                cluster.put("nodes", nodes.size());
                cluster.put("quorate", 1);
                cluster.put("version", nodes.size());
                out.add(cluster);
            }
            for (int i = 0; i < nodes.size(); i++) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("type", "node");
                node.put("id", "node/" + nodes.get(i));
                node.put("name", nodes.get(i));
                node.put("nodeid", nodes.size() > 1 ? i + 1 : 0);
                node.put("ip", "127.0.0.1");
                node.put("local", i == 0 ? 1 : 0);
                node.put("online", 1);
                node.put("level", "");
                out.add(node);
            }
            return out;
        });
    }

    List<Map<String, Object>> storages(String node, String content, String storageFilter) {
        return state.read(() -> {
            state.requireNode(node);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Inventory.Storage storage : Inventory.STORAGES) {
                if (storageFilter != null && !storageFilter.equals(storage.name())) {
                    continue;
                }
                if (content != null && Collections.disjoint(storage.content(), Set.of(content.split("[,;\\s]+")))) {
                    continue;
                }
                long used = usedBytes(node, storage);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("storage", storage.name());
                item.put("type", storage.type());
                item.put("content", storage.contentList());
                item.put("active", 1);
                item.put("enabled", 1);
                item.put("shared", storage.shared() ? 1 : 0);
                item.put("total", storage.totalBytes());
                item.put("used", used);
                item.put("avail", storage.totalBytes() - used);
                item.put("used_fraction", used / (double) storage.totalBytes());
                out.add(item);
            }
            return out;
        });
    }

    List<Map<String, Object>> storageContent(String node, String storageName, String content, String vmid) {
        return state.read(() -> {
            state.requireNode(node);
            Inventory.Storage storage = Inventory.requireStorage(storageName);
            List<Map<String, Object>> out = new ArrayList<>();
            if (storage.content().contains("vztmpl") && (content == null || content.equals("vztmpl")) && vmid == null) {
                for (Inventory.Template template : state.templates(node)) {
                    if (Volumes.storageOf(template.volid()).equals(storageName)) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("volid", template.volid());
                        item.put("content", "vztmpl");
                        item.put("format", template.format());
                        item.put("size", template.sizeBytes());
                        item.put("ctime", template.ctime());
                        out.add(item);
                    }
                }
            }
            if (content == null || content.equals("rootdir") || content.equals("images")) {
                for (Map<String, Object> volume : volumes(node, storage)) {
                    if (vmid == null || vmid.equals(String.valueOf(volume.get("vmid")))) {
                        out.add(volume);
                    }
                }
            }
            return out;
        });
    }

    /** The container volumes that live on a storage of a node. */
    private List<Map<String, Object>> volumes(String node, Inventory.Storage storage) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Container container : state.containers().values()) {
            if (!container.node().equals(node)) {
                continue;
            }
            for (Map.Entry<String, String> entry : container.config().entrySet()) {
                String key = entry.getKey();
                if (!key.equals("rootfs") && !key.matches("(mp|unused)\\d+")) {
                    continue;
                }
                Map<String, String> mount = PropertyString.parseLenient(entry.getValue(), "volume");
                String volume = mount.get("volume");
                if (volume == null || !storage.name().equals(Volumes.storageOf(volume))) {
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("volid", volume);
                item.put("content", "rootdir");
                item.put("format", "raw");
                item.put("size", Volumes.sizeBytes(mount.get("size")));
                item.put("vmid", container.vmid());
                out.add(item);
            }
        }
        return out;
    }

    List<Map<String, Object>> network(String node, String type) {
        return state.read(() -> {
            state.requireNode(node);
            if (type != null && !type.equals("bridge") && !type.equals("any_bridge") && !type.equals("any_local_bridge")) {
                return List.of();
            }
            Map<String, Object> bridge = new LinkedHashMap<>();
            bridge.put("iface", "vmbr0");
            bridge.put("type", "bridge");
            bridge.put("active", 1);
            bridge.put("autostart", 1);
            bridge.put("method", "static");
            bridge.put("method6", "manual");
            bridge.put("families", List.of("inet"));
            bridge.put("cidr", "192.168.100.2/24");
            bridge.put("address", "192.168.100.2");
            bridge.put("netmask", "24");
            bridge.put("gateway", "192.168.100.1");
            bridge.put("bridge_ports", "eno1");
            bridge.put("bridge_stp", "off");
            bridge.put("bridge_fd", "0");
            bridge.put("priority", 3);
            return List.of(bridge);
        });
    }

    // ---- tasks ----

    Paged tasks(String node, Map<String, String> params) {
        return state.read(() -> {
            state.requireNode(node);
            String source = params.getOrDefault("source", "archive");
            boolean errorsOnly = "1".equals(params.get("errors"));
            String vmid = params.get("vmid");
            String typeFilter = params.get("typefilter");
            String userFilter = params.get("userfilter");
            Set<String> statusFilter = params.containsKey("statusfilter")
                    ? Set.of(params.get("statusfilter").split("[,;\\s]+")) : null;
            long since = Long.parseLong(params.getOrDefault("since", "0"));
            long until = Long.parseLong(params.getOrDefault("until", Long.toString(Long.MAX_VALUE)));
            List<Map<String, Object>> matching = new ArrayList<>();
            List<Task> all = new ArrayList<>(state.tasks().values());
            Collections.reverse(all);
            for (Task task : all) {
                boolean wanted = task.node().equals(node)
                        && (source.equals("all") || (source.equals("active") != task.finished()))
                        && (vmid == null || vmid.equals(task.id()))
                        && (typeFilter == null || typeFilter.equals(task.type()))
                        && (userFilter == null || task.user().contains(userFilter))
                        && task.startTime() >= since && task.startTime() <= until
                        && (!errorsOnly || (task.finished() && !task.succeeded()))
                        && (statusFilter == null || statusFilter.contains(statusClass(task)));
                if (wanted) {
                    matching.add(listEntry(task));
                }
            }
            int start = Integer.parseInt(params.getOrDefault("start", "0"));
            int limit = Integer.parseInt(params.getOrDefault("limit", "50"));
            int from = Math.min(start, matching.size());
            int to = limit == 0 ? matching.size() : Math.min(matching.size(), from + limit);
            return new Paged(new ArrayList<>(matching.subList(from, to)), matching.size());
        });
    }

    private static String statusClass(Task task) {
        String exit = task.exitStatus();
        if (exit == null) {
            return "unknown";
        }
        if (exit.equals("OK")) {
            return "ok";
        }
        return exit.startsWith("WARNINGS: ") ? "warning" : "error";
    }

    private static Map<String, Object> listEntry(Task task) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("upid", task.upid());
        item.put("node", task.node());
        item.put("pid", task.pid());
        item.put("pstart", task.pstart());
        item.put("starttime", task.startTime());
        item.put("type", task.type());
        item.put("id", task.id());
        item.put("user", task.user());
        if (task.finished()) {
            item.put("endtime", task.endTime());
            item.put("status", task.exitStatus());
        }
        return item;
    }

    /** PVE answers 400 for a malformed UPID and for one it does not know (yet). */
    private Task requireTask(String node, String upid) {
        String upidNode = Task.nodeOf(upid);
        if (upidNode == null) {
            throw PveApiException.parameter("upid", "unable to parse worker upid '" + upid + "'");
        }
        Task task = state.tasks().get(upid);
        if (task == null || !upidNode.equals(node)) {
            throw PveApiException.parameter("upid", "no such task");
        }
        return task;
    }

    Map<String, Object> taskStatus(String node, String upid) {
        return state.read(() -> {
            state.requireNode(node);
            Task task = requireTask(node, upid);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("upid", task.upid());
            out.put("node", task.node());
            out.put("pid", task.pid());
            out.put("pstart", task.pstart());
            out.put("starttime", task.startTime());
            out.put("type", task.type());
            out.put("id", task.id());
            String user = task.user();
            int bang = user.indexOf('!');
            if (bang >= 0) {
                out.put("user", user.substring(0, bang));
                out.put("tokenid", user.substring(bang + 1));
            } else {
                out.put("user", user);
            }
            out.put("status", task.finished() ? "stopped" : "running");
            if (task.finished()) {
                out.put("exitstatus", task.exitStatus());
            }
            return out;
        });
    }

    /** {@code start} lines skipped, at most {@code limit} returned (0 = all), {@code n} counted from 1. */
    Paged taskLog(String node, String upid, Map<String, String> params) {
        return state.read(() -> {
            state.requireNode(node);
            Task task = requireTask(node, upid);
            List<String> log = task.log();
            int start = Integer.parseInt(params.getOrDefault("start", "0"));
            int limit = Integer.parseInt(params.getOrDefault("limit", "50"));
            List<Map<String, Object>> out = new ArrayList<>();
            int end = limit == 0 ? log.size() : Math.min(log.size(), start + limit);
            for (int i = start; i < end; i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("n", i + 1);
                line.put("t", log.get(i));
                out.add(line);
            }
            if (out.isEmpty() && log.isEmpty()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("n", 1);
                line.put("t", "no content");
                out.add(line);
            }
            return new Paged(out, log.size());
        });
    }

    void stopTask(String node, String upid) {
        state.mutate(() -> {
            state.requireNode(node);
            requireTask(node, upid);
            state.stopTask(upid);
        });
    }

    List<Map<String, Object>> taskIndex(String node, String upid) {
        return state.read(() -> {
            state.requireNode(node);
            requireTask(node, upid);
            return List.of(Map.of("name", "log"), Map.of("name", "status"));
        });
    }
}
