package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /nodes/{node}/lxc} endpoints: create, destroy, config, power, clone, template,
 * snapshots, resize. Synchronous pre-checks answer with PVE's texts and codes; the work itself
 * runs as a task that holds the config lock PVE would hold.
 */
final class LxcOperations {

    private static final Set<String> CREATE_ONLY = Set.of("vmid", "node", "ostemplate", "password",
            "ssh-public-keys", "storage", "pool", "start", "restore", "force", "unique", "bwlimit",
            "ignore-unpack-errors", "ha-managed");
    private static final Set<String> PUT_CONTROL = Set.of("node", "vmid", "digest", "delete", "revert");
    private static final Pattern MOUNT_KEY = Pattern.compile("(rootfs|mp\\d+)");
    private static final Pattern NET_KEY = Pattern.compile("net\\d+");
    private static final Pattern LIST = Pattern.compile("[,;\\s]+");

    private final ClusterState state;
    private final Map<String, ParamSpec> createSchema;
    private final Map<String, ParamSpec> configSchema;

    LxcOperations(ClusterState state, Map<String, ParamSpec> createSchema, Map<String, ParamSpec> configSchema) {
        this.state = state;
        this.createSchema = createSchema;
        this.configSchema = configSchema;
    }

    // ---- lists and reads ----

    List<Map<String, Object>> list(String node) {
        return state.read(() -> {
            state.requireNode(node);
            List<Map<String, Object>> out = new ArrayList<>();
            long now = ClusterState.now();
            for (Container container : state.containers().values()) {
                if (container.node().equals(node)) {
                    out.add(statusOf(container, now, false));
                }
            }
            return out;
        });
    }

    /** The entry of {@code status/current} and of the node's container list. */
    static Map<String, Object> statusOf(Container container, long now, boolean current) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vmid", container.vmid());
        out.put("name", container.name());
        out.put("status", container.running() ? "running" : "stopped");
        out.put("type", "lxc");
        out.put("uptime", container.uptime(now));
        out.put("cpus", Integer.parseInt(container.config().getOrDefault("cores", Integer.toString(Inventory.NODE_CPUS))));
        out.put("cpu", 0);
        out.put("maxmem", container.maxMemoryBytes());
        out.put("mem", container.running() ? container.maxMemoryBytes() / 8 : 0);
        out.put("maxswap", container.maxSwapBytes());
        out.put("swap", 0);
        out.put("maxdisk", container.rootDiskBytes());
        out.put("disk", container.running() ? container.rootDiskBytes() / 10 : 0);
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
        return state.read(() -> statusOf(state.requireContainer(node, vmid), ClusterState.now(), true));
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
                if (NET_KEY.matcher(entry.getKey()).matches()) {
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

    // ---- create and destroy ----

    String create(String node, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            state.requireNode(node);
            int vmid = Integer.parseInt(params.get("vmid"));
            Container existing = state.containers().get(vmid);
            if (existing != null) {
                throw PveApiException.serverError("unable to create CT " + vmid + " - CT " + vmid
                        + " already exists on node '" + existing.node() + "'");
            }
            if ("1".equals(params.get("restore"))) {
                throw PveApiException.serverError("unable to restore CT " + vmid
                        + " - the pxci sandbox has no backups to restore from");
            }
            String ostemplate = params.get("ostemplate");
            Inventory.requireStorage(Volumes.storageOf(ostemplate) == null ? ostemplate : Volumes.storageOf(ostemplate));
            if (Inventory.template(ostemplate) == null) {
                throw PveApiException.serverError("volume '" + ostemplate + "' does not exist");
            }
            boolean unprivileged = !"0".equals(params.get("unprivileged"));
            checkRootOnly(params, unprivileged, who);

            TreeMap<String, String> wanted = new TreeMap<>();
            for (Map.Entry<String, String> entry : params.entrySet()) {
                if (!CREATE_ONLY.contains(entry.getKey())) {
                    wanted.put(entry.getKey(), entry.getValue());
                }
            }
            wanted.put("unprivileged", unprivileged ? "1" : "0");
            wanted.putIfAbsent("arch", "amd64");
            wanted.put("ostype", osType(ostemplate));
            String storage = params.getOrDefault("storage", "local");
            wanted.putIfAbsent("rootfs", storage + ":4");
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                if (NET_KEY.matcher(entry.getKey()).matches()) {
                    entry.setValue(normaliseNet(entry.getKey(), entry.getValue(), null));
                }
            }
            Container container = new Container(vmid, node, Map.of("lock", "create"));
            state.containers().put(vmid, container);
            boolean start = "1".equals(params.get("start"));
            String archive = "/var/lib/vz/template/cache/" + ostemplate.substring(ostemplate.indexOf('/') + 1);
            return state.startTask(node, "vzcreate", vmid, who,
                    List.of("extracting archive '" + archive + "'"), new TaskWork() {
                        @Override
                        public List<String> complete() {
                            List<String> log = new ArrayList<>();
                            TreeMap<String, String> config = new TreeMap<>(wanted);
                            allocateVolumes(vmid, config, log);
                            log.add("Total bytes read: 536862720 (512MiB, 168MiB/s)");
                            log.add("Detected container architecture: amd64");
                            container.config().clear();
                            container.config().putAll(config);
                            if (start) {
                                container.running(true, ClusterState.now());
                            }
                            return log;
                        }

                        @Override
                        public void abort() {
                            state.containers().remove(vmid);
                        }
                    });
        });
    }

    private static String osType(String ostemplate) {
        String file = ostemplate.substring(ostemplate.lastIndexOf('/') + 1);
        for (String os : List.of("debian", "ubuntu", "centos", "fedora", "alpine", "archlinux", "opensuse", "devuan",
                "gentoo", "nixos")) {
            if (file.startsWith(os)) {
                return os;
            }
        }
        return "unmanaged";
    }

    /** The restrictions PVE places on anyone but {@code root@pam} (tokens included, section 4.3). */
    private static void checkRootOnly(Map<String, String> params, boolean unprivileged, Access.Identity who) {
        if (who.viaTicket() && Access.ROOT.equals(who.user())) {
            return;
        }
        String features = params.get("features");
        if (features != null) {
            if (!unprivileged) {
                throw new PveApiException(403,
                        "changing feature flags for privileged container is only allowed for root@pam");
            }
            for (String key : PropertyString.parseLenient(features, "nesting").keySet()) {
                if (!key.equals("nesting")) {
                    throw new PveApiException(403, "changing feature flags (except nesting) is only allowed for root@pam");
                }
            }
        }
        for (Map.Entry<String, String> entry : params.entrySet()) {
            String key = entry.getKey();
            if (MOUNT_KEY.matcher(key).matches()) {
                String volume = PropertyString.parseLenient(entry.getValue(), "volume").get("volume");
                if (volume != null && volume.startsWith("/")) {
                    String type = volume.startsWith("/dev/") ? "device" : "bind";
                    throw new PveApiException(403, "mount point type " + type + " is only allowed for root@pam");
                }
            }
            if (key.matches("dev\\d+")) {
                throw new PveApiException(403, "configuring device passthrough is only allowed for root@pam");
            }
            if (key.equals("hookscript")) {
                throw new PveApiException(403, "only root can modify 'hookscript' config");
            }
        }
    }

    /** Turns every {@code STORAGE:GiB} mount point into a volume of its own, as the create worker does. */
    private void allocateVolumes(int vmid, Map<String, String> config, List<String> log) {
        for (String key : mountKeysInDiskOrder(config)) {
            config.put(key, allocate(vmid, key, config.get(key), config, log));
        }
    }

    /** {@code rootfs} first, then {@code mp0}, {@code mp1}, ...: the order PVE numbers new disks in. */
    private static List<String> mountKeysInDiskOrder(Map<String, String> config) {
        List<String> keys = new ArrayList<>();
        for (String key : config.keySet()) {
            if (MOUNT_KEY.matcher(key).matches()) {
                keys.add(key);
            }
        }
        keys.sort(java.util.Comparator.comparingInt(key -> key.equals("rootfs") ? -1 : Integer.parseInt(key.substring(2))));
        return keys;
    }

    private String allocate(int vmid, String key, String value, Map<String, String> config, List<String> log) {
        Map<String, ParamSpec> format = ParameterValidator.specFor(createSchema, key).properties();
        Map<String, String> mount = PropertyString.parseLenient(value, "volume");
        Matcher allocation = Volumes.allocation(mount.get("volume"));
        if (allocation == null) {
            return value;
        }
        String storageName = allocation.group(1);
        Inventory.Storage storage = Inventory.storage(storageName);
        if (storage == null) {
            throw new TaskWork.Failure("unable to create CT " + vmid + " - storage '" + storageName
                    + "' does not exist");
        }
        if (!storage.content().contains("rootdir")) {
            throw new TaskWork.Failure("unable to create CT " + vmid + " - storage '" + storageName
                    + "' does not support container directories");
        }
        String name = "vm-" + vmid + "-disk-" + nextDiskIndex(vmid, storageName, config);
        mount.put("volume", storageName + ":" + name);
        mount.put("size", Volumes.formatGib(Double.parseDouble(allocation.group(2))));
        log.add("  Logical volume \"" + name + "\" created.");
        return PropertyString.print(mount, format);
    }

    private int nextDiskIndex(int vmid, String storage, Map<String, String> config) {
        Set<String> used = new HashSet<>();
        for (Container container : state.containers().values()) {
            used.addAll(container.volumes());
        }
        for (Map.Entry<String, String> entry : config.entrySet()) {
            if (MOUNT_KEY.matcher(entry.getKey()).matches() || entry.getKey().matches("unused\\d+")) {
                used.add(PropertyString.parseLenient(entry.getValue(), "volume").get("volume"));
            }
        }
        int index = 0;
        while (used.contains(storage + ":vm-" + vmid + "-disk-" + index)
                || used.contains(storage + ":base-" + vmid + "-disk-" + index)) {
            index++;
        }
        return index;
    }

    /** {@code net[n]}: keeps (or generates) the MAC and fills in {@code type=veth}, printed in PVE's order. */
    private String normaliseNet(String key, String value, String previous) {
        Map<String, ParamSpec> format = ParameterValidator.specFor(createSchema, key).properties();
        Map<String, String> net = PropertyString.parseLenient(value, "name");
        if (!net.containsKey("hwaddr")) {
            String oldMac = previous == null ? null : PropertyString.parseLenient(previous, "name").get("hwaddr");
            net.put("hwaddr", oldMac != null ? oldMac : state.randomMac());
        }
        net.putIfAbsent("type", "veth");
        return PropertyString.print(net, format);
    }

    String destroy(String node, int vmid, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            if ("1".equals(container.config().get("protection"))) {
                throw PveApiException.serverError("can't remove CT " + vmid + " - protection mode enabled");
            }
            boolean force = "1".equals(params.get("force"));
            if (container.running() && !force) {
                throw PveApiException.serverError("unable to destroy CT " + vmid + " - container is running");
            }
            container.lock("destroyed");
            return state.startTask(node, "vzdestroy", vmid, who, List.of(), new TaskWork() {
                @Override
                public List<String> complete() {
                    List<String> log = new ArrayList<>();
                    if (container.running()) {
                        container.running(false, ClusterState.now());
                    }
                    for (String volume : container.volumes()) {
                        if (volume != null && !volume.startsWith("/")) {
                            log.add("  Logical volume \"" + volume.substring(volume.indexOf(':') + 1)
                                    + "\" successfully removed.");
                        }
                    }
                    state.containers().remove(vmid);
                    return log;
                }

                @Override
                public void abort() {
                    container.lock(null);
                }
            });
        });
    }

    // ---- config ----

    void updateConfig(String node, int vmid, Map<String, String> params) {
        state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            String digest = params.get("digest");
            if (digest != null && !digest.equalsIgnoreCase(container.digest())) {
                throw PveApiException.serverError("detected modified configuration - file changed by other user? Try again.");
            }
            List<String> deletions = new ArrayList<>();
            for (String key : List.of("delete", "revert")) {
                if (params.containsKey(key)) {
                    for (String item : LIST.split(params.get(key).trim())) {
                        if (!item.isEmpty() && key.equals("delete")) {
                            deletions.add(item);
                        }
                    }
                }
            }
            for (String key : params.keySet()) {
                if (PUT_CONTROL.contains(key)) {
                    continue;
                }
                if (key.equals("unprivileged")) {
                    throw PveApiException.serverError("unable to modify read-only option: 'unprivileged'");
                }
                if (deletions.contains(key)) {
                    throw PveApiException.parameter("delete", "you can't use '-" + key + "' and '-delete " + key
                            + "' at the same time");
                }
            }
            TreeMap<String, String> config = new TreeMap<>(container.config());
            for (String key : deletions) {
                if (key.equals("rootfs")) {
                    throw PveApiException.serverError("unable to delete required option 'rootfs'");
                }
                String removed = config.remove(key);
                if (removed != null && key.matches("mp\\d+")) {
                    String volume = PropertyString.parseLenient(removed, "volume").get("volume");
                    if (volume != null && !volume.startsWith("/")) {
                        config.put(freeKey(config, "unused"), volume);
                    }
                }
            }
            List<String> log = new ArrayList<>();
            for (Map.Entry<String, String> entry : params.entrySet()) {
                String key = entry.getKey();
                if (PUT_CONTROL.contains(key)) {
                    continue;
                }
                String value = entry.getValue();
                if (NET_KEY.matcher(key).matches()) {
                    value = normaliseNet(key, value, config.get(key));
                } else if (MOUNT_KEY.matcher(key).matches()) {
                    try {
                        value = allocate(vmid, key, value, config, log);
                    } catch (TaskWork.Failure failure) {
                        throw PveApiException.serverError(failure.getMessage().replace(
                                "unable to create CT " + vmid + " - ", ""));
                    }
                }
                config.put(key, value);
            }
            container.config().clear();
            container.config().putAll(config);
        });
    }

    private static String freeKey(Map<String, String> config, String prefix) {
        int index = 0;
        while (config.containsKey(prefix + index)) {
            index++;
        }
        return prefix + index;
    }

    /** PVE's {@code check_lock}: any config lock blocks the operation, without naming the container. */
    static void checkLock(Container container) {
        if (container.lock() != null) {
            throw PveApiException.serverError("CT is locked (" + container.lock() + ")");
        }
    }

    // ---- power ----

    String start(String node, int vmid, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            if (container.running()) {
                throw PveApiException.serverError("CT " + vmid + " already running");
            }
            return state.startTask(node, "vzstart", vmid, who, List.of(), work(() -> {
                if (container.isTemplate()) {
                    throw new TaskWork.Failure("you can't start a CT if it's a template");
                }
                container.running(true, ClusterState.now());
            }));
        });
    }

    String stop(String node, int vmid, Map<String, String> params, String workerType, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            if (!"1".equals(params.get("skiplock"))) {
                checkLock(container);
            }
            if (!container.running()) {
                throw PveApiException.serverError("CT " + vmid + " not running");
            }
            return state.startTask(node, workerType, vmid, who, List.of(),
                    work(() -> container.running(false, ClusterState.now())));
        });
    }

    String reboot(String node, int vmid, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            if (!container.running()) {
                throw PveApiException.serverError("CT " + vmid + " not running");
            }
            return state.startTask(node, "vzreboot", vmid, who, List.of(),
                    work(() -> container.running(true, ClusterState.now())));
        });
    }

    private static TaskWork work(Runnable effect) {
        return new TaskWork() {
            @Override
            public List<String> complete() {
                effect.run();
                return List.of();
            }

            @Override
            public void abort() {
                // the synchronous part changed nothing
            }
        };
    }

    // ---- clone and template ----

    String cloneContainer(String node, int vmid, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            Container source = state.requireContainer(node, vmid);
            int newid = Integer.parseInt(params.get("newid"));
            Container existing = state.containers().get(newid);
            if (existing != null) {
                throw PveApiException.serverError("unable to create CT " + newid + " - CT " + newid
                        + " already exists on node '" + existing.node() + "'");
            }
            checkLock(source);
            boolean full = params.containsKey("full") ? "1".equals(params.get("full")) : !source.isTemplate();
            String storage = params.get("storage");
            if (storage != null && !full) {
                throw PveApiException.serverError("parameter 'storage' not allowed for linked clones");
            }
            if (!full && !source.isTemplate()) {
                throw PveApiException.serverError("linked clone only possible from a template");
            }
            if (storage != null) {
                Inventory.Storage target = Inventory.requireStorage(storage);
                if (!target.content().contains("rootdir")) {
                    throw PveApiException.serverError("storage '" + storage + "' does not support container directories");
                }
            }
            String targetNode = params.getOrDefault("target", node);
            if (!targetNode.equals(node)) {
                state.requireNode(targetNode);
                throw PveApiException.serverError("can't clone to non-shared storage");
            }
            String snapname = params.get("snapname");
            Map<String, String> origin = source.config();
            if (snapname != null) {
                Container.Snapshot snapshot = source.snapshots().get(snapname);
                if (snapshot == null) {
                    throw PveApiException.serverError("snapshot '" + snapname + "' does not exist");
                }
                origin = snapshot.config();
            }
            TreeMap<String, String> copy = new TreeMap<>(origin);
            source.lock("disk");
            Container clone = new Container(newid, targetNode, Map.of("lock", "create"));
            state.containers().put(newid, clone);
            List<String> firstLines = new ArrayList<>();
            for (Map.Entry<String, String> entry : copy.entrySet()) {
                if (MOUNT_KEY.matcher(entry.getKey()).matches()) {
                    String volume = PropertyString.parseLenient(entry.getValue(), "volume").get("volume");
                    firstLines.add("create " + (full ? "full" : "linked") + " clone of mountpoint " + entry.getKey()
                            + " (" + volume + ")");
                }
            }
            return state.startTask(node, "vzclone", vmid, who, firstLines, new TaskWork() {
                @Override
                public List<String> complete() {
                    List<String> log = new ArrayList<>();
                    copy.remove("lock");
                    copy.remove("template");
                    copy.remove("parent");
                    copy.keySet().removeIf(key -> key.matches("unused\\d+"));
                    if (params.containsKey("hostname")) {
                        copy.put("hostname", params.get("hostname"));
                    }
                    if (params.containsKey("description")) {
                        copy.put("description", params.get("description"));
                    }
                    for (Map.Entry<String, String> entry : copy.entrySet()) {
                        if (NET_KEY.matcher(entry.getKey()).matches()) {
                            Map<String, String> net = PropertyString.parseLenient(entry.getValue(), "name");
                            net.remove("hwaddr");
                            entry.setValue(normaliseNet(entry.getKey(), PropertyString.print(net,
                                    ParameterValidator.specFor(createSchema, entry.getKey()).properties()), null));
                        }
                    }
                    for (String key : mountKeysInDiskOrder(copy)) {
                        copy.put(key, cloneVolume(newid, key, copy.get(key), storage, copy, log));
                    }
                    TreeMap<String, String> config = copy;
                    clone.config().clear();
                    clone.config().putAll(config);
                    source.lock(null);
                    return log;
                }

                @Override
                public void abort() {
                    state.containers().remove(newid);
                    source.lock(null);
                }
            });
        });
    }

    /** The clone's own copy of a source volume (bind mounts are shared, not copied). */
    private String cloneVolume(int newid, String key, String value, String storage, Map<String, String> config,
            List<String> log) {
        Map<String, String> mount = PropertyString.parseLenient(value, "volume");
        String volume = mount.get("volume");
        if (volume == null || volume.startsWith("/")) {
            return value;
        }
        String storageName = storage != null ? storage : Volumes.storageOf(volume);
        String name = "vm-" + newid + "-disk-" + nextDiskIndex(newid, storageName, config);
        mount.put("volume", storageName + ":" + name);
        log.add("  Logical volume \"" + name + "\" created.");
        return PropertyString.print(mount, ParameterValidator.specFor(createSchema, key).properties());
    }

    void template(String node, int vmid, Access.Identity who) {
        state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            if (container.isTemplate()) {
                throw PveApiException.serverError("you can't convert a template to a template");
            }
            if (container.running()) {
                throw PveApiException.serverError("you can't convert a CT to template if the CT is running");
            }
            if (!container.snapshots().isEmpty()) {
                throw PveApiException.serverError("unable to create template, because CT contains snapshots");
            }
            state.startTask(node, "vztemplate", vmid, who, List.of(), work(() -> {
                for (Map.Entry<String, String> entry : container.config().entrySet()) {
                    if (MOUNT_KEY.matcher(entry.getKey()).matches()) {
                        entry.setValue(entry.getValue().replace(":vm-" + vmid + "-disk-", ":base-" + vmid + "-disk-"));
                    }
                }
                container.config().put("template", "1");
            }));
            return null;
        });
    }

    // ---- snapshots ----

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

    String snapshot(String node, int vmid, String name, String description, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            if (name.equals("current") || container.snapshots().containsKey(name)) {
                throw PveApiException.serverError("snapshot name '" + name + "' already used");
            }
            container.lock("snapshot");
            return state.startTask(node, "vzsnapshot", vmid, who, List.of(), new TaskWork() {
                @Override
                public List<String> complete() {
                    container.lock(null);
                    Map<String, String> config = new TreeMap<>(container.config());
                    container.snapshots().put(name, new Container.Snapshot(name, description, ClusterState.now(),
                            container.lastSnapshot(), config));
                    container.lastSnapshot(name);
                    return List.of();
                }

                @Override
                public void abort() {
                    container.lock(null);
                }
            });
        });
    }

    String deleteSnapshot(String node, int vmid, String name, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            Container.Snapshot snapshot = requireSnapshot(container, name);
            checkLock(container);
            container.lock("snapshot-delete");
            return state.startTask(node, "vzdelsnapshot", vmid, who, List.of(), new TaskWork() {
                @Override
                public List<String> complete() {
                    container.lock(null);
                    container.snapshots().remove(name);
                    container.snapshots().replaceAll((key, other) -> name.equals(other.parent())
                            ? new Container.Snapshot(other.name(), other.description(), other.snaptime(),
                                    snapshot.parent(), other.config())
                            : other);
                    if (name.equals(container.lastSnapshot())) {
                        container.lastSnapshot(snapshot.parent());
                    }
                    return List.of();
                }

                @Override
                public void abort() {
                    container.lock(null);
                }
            });
        });
    }

    String rollback(String node, int vmid, String name, boolean startAfter, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            Container.Snapshot snapshot = requireSnapshot(container, name);
            checkLock(container);
            container.lock("rollback");
            return state.startTask(node, "vzrollback", vmid, who, List.of(), new TaskWork() {
                @Override
                public List<String> complete() {
                    container.config().clear();
                    container.config().putAll(snapshot.config());
                    container.lock(null);
                    container.lastSnapshot(name);
                    container.running(startAfter, ClusterState.now());
                    return List.of();
                }

                @Override
                public void abort() {
                    container.lock(null);
                }
            });
        });
    }

    private static Container.Snapshot requireSnapshot(Container container, String name) {
        Container.Snapshot snapshot = container.snapshots().get(name);
        if (snapshot == null) {
            throw PveApiException.serverError("snapshot '" + name + "' does not exist");
        }
        return snapshot;
    }

    // ---- resize ----

    String resize(String node, int vmid, String disk, String size, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            checkLock(container);
            String value = container.config().get(disk);
            if (value == null) {
                throw PveApiException.parameter("disk", "unable to resize '" + disk + "' - no such mount point");
            }
            Map<String, String> mount = PropertyString.parseLenient(value, "volume");
            long current = Volumes.sizeBytes(mount.get("size"));
            long requested = size.startsWith("+") ? current + Volumes.sizeBytes(size.substring(1))
                    : Volumes.sizeBytes(size);
            if (requested < current) {
                throw PveApiException.serverError("unable to shrink disk size");
            }
            return state.startTask(node, "resize", vmid, who, List.of(), work(() -> {
                mount.put("size", Volumes.formatGib(requested / (double) Container.GIB));
                container.config().put(disk, PropertyString.print(mount,
                        ParameterValidator.specFor(createSchema, disk).properties()));
            }));
        });
    }
}
