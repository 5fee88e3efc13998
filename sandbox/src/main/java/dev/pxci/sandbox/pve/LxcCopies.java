package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code /nodes/{node}/lxc} endpoints that copy or convert a container's disks: clone (which
 * holds {@code disk} on its source), template conversion, snapshots and rollback, and resize.
 */
final class LxcCopies {

    private final ClusterState state;
    private final ContainerConfigs configs;

    LxcCopies(ClusterState state, ContainerConfigs configs) {
        this.state = state;
        this.configs = configs;
    }

    String cloneContainer(String node, int vmid, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            Container source = state.requireContainer(node, vmid);
            int newid = Integer.parseInt(params.get("newid"));
            Container existing = state.containers().get(newid);
            if (existing != null) {
                throw PveApiException.serverError("unable to create CT " + newid + " - CT " + newid
                        + " already exists on node '" + existing.node() + "'");
            }
            ContainerConfigs.checkLock(source);
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
                if (ContainerConfigs.MOUNT_KEY.matcher(entry.getKey()).matches()) {
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
                        if (ContainerConfigs.NET_KEY.matcher(entry.getKey()).matches()) {
                            Map<String, String> net = PropertyString.parseLenient(entry.getValue(), "name");
                            net.remove("hwaddr");
                            entry.setValue(configs.normaliseNet(entry.getKey(), PropertyString.print(net,
                                    configs.format(entry.getKey())), null));
                        }
                    }
                    for (String key : configs.mountKeysInDiskOrder(copy)) {
                        copy.put(key, configs.cloneVolume(newid, key, copy.get(key), storage, copy, log));
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

    void template(String node, int vmid, Access.Identity who) {
        state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
            if (container.isTemplate()) {
                throw PveApiException.serverError("you can't convert a template to a template");
            }
            if (container.running()) {
                throw PveApiException.serverError("you can't convert a CT to template if the CT is running");
            }
            if (!container.snapshots().isEmpty()) {
                throw PveApiException.serverError("unable to create template, because CT contains snapshots");
            }
            state.startTask(node, "vztemplate", vmid, who, List.of(), ContainerConfigs.work(() -> {
                for (Map.Entry<String, String> entry : container.config().entrySet()) {
                    if (ContainerConfigs.MOUNT_KEY.matcher(entry.getKey()).matches()) {
                        entry.setValue(entry.getValue().replace(":vm-" + vmid + "-disk-", ":base-" + vmid + "-disk-"));
                    }
                }
                container.config().put("template", "1");
            }));
            return null;
        });
    }

    String snapshot(String node, int vmid, String name, String description, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
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
            ContainerConfigs.checkLock(container);
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
            ContainerConfigs.checkLock(container);
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

    String resize(String node, int vmid, String disk, String size, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
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
            return state.startTask(node, "resize", vmid, who, List.of(), ContainerConfigs.work(() -> {
                mount.put("size", Volumes.formatGib(requested / (double) Container.GIB));
                container.config().put(disk, PropertyString.print(mount,
                        configs.format(disk)));
            }));
        });
    }
}
