package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code /nodes/{node}/lxc} endpoints that create, destroy, reconfigure and power containers.
 * Synchronous pre-checks answer with PVE's texts and codes; the work itself runs as a task that
 * holds the config lock PVE would hold.
 */
final class LxcOperations {

    static final Set<String> CREATE_ONLY = Set.of("vmid", "node", "ostemplate", "password",
            "ssh-public-keys", "storage", "pool", "start", "restore", "force", "unique", "bwlimit",
            "ignore-unpack-errors", "ha-managed");
    private static final Set<String> PUT_CONTROL = Set.of("node", "vmid", "digest", "delete", "revert");
    private static final Pattern LIST = Pattern.compile("[,;\\s]+");

    private final ClusterState state;
    private final ContainerConfigs configs;
    private final Backups backups;
    private final RuntimeCalls runtime;

    LxcOperations(ClusterState state, ContainerConfigs configs, Backups backups) {
        this.state = state;
        this.configs = configs;
        this.backups = backups;
        this.runtime = new RuntimeCalls(state);
    }

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
                return backups.restore(node, vmid, params, who);
            }
            String ostemplate = params.get("ostemplate");
            Inventory.requireStorage(Volumes.storageOf(ostemplate) == null ? ostemplate : Volumes.storageOf(ostemplate));
            if (state.template(node, ostemplate) == null) {
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
                if (ContainerConfigs.NET_KEY.matcher(entry.getKey()).matches()) {
                    entry.setValue(configs.normaliseNet(entry.getKey(), entry.getValue(), null));
                } else if (entry.getKey().equals("tags")) {
                    entry.setValue(ContainerConfigs.normaliseTags(entry.getValue()));
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
                            configs.allocateVolumes(vmid, config, log);
                            log.add("Total bytes read: 536862720 (512MiB, 168MiB/s)");
                            log.add("Detected container architecture: amd64");
                            container.config().clear();
                            container.config().putAll(config);
                            runtime.create(container, ostemplate, params.get("ssh-public-keys"), start);
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
            if (ContainerConfigs.MOUNT_KEY.matcher(key).matches()) {
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

    String destroy(String node, int vmid, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
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
                    runtime.destroy(container);
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

    void updateConfig(String node, int vmid, Map<String, String> params) {
        state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
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
                        config.put(ContainerConfigs.freeKey(config, "unused"), volume);
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
                if (ContainerConfigs.NET_KEY.matcher(key).matches()) {
                    value = configs.normaliseNet(key, value, config.get(key));
                } else if (key.equals("tags")) {
                    value = ContainerConfigs.normaliseTags(value);
                } else if (ContainerConfigs.MOUNT_KEY.matcher(key).matches()) {
                    try {
                        value = configs.allocate(vmid, key, value, config, log);
                    } catch (TaskWork.Failure failure) {
                        throw PveApiException.serverError(failure.getMessage().replace(
                                "unable to create CT " + vmid + " - ", ""));
                    }
                }
                config.put(key, value);
                if (ContainerConfigs.MOUNT_KEY.matcher(key).matches()) {
                    // as pve-container: a volume mounted again is no longer an unused one
                    String volume = PropertyString.parseLenient(value, "volume").get("volume");
                    config.entrySet().removeIf(e -> e.getKey().matches("unused\\d+") && e.getValue().equals(volume));
                }
            }
            container.config().clear();
            container.config().putAll(config);
            runtime.reconfigure(container);
        });
    }

    String start(String node, int vmid, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
            if (container.running()) {
                throw PveApiException.serverError("CT " + vmid + " already running");
            }
            return state.startTask(node, "vzstart", vmid, who, List.of(), ContainerConfigs.work(() -> {
                if (container.isTemplate()) {
                    throw new TaskWork.Failure("you can't start a CT if it's a template");
                }
                runtime.start(container);
                container.running(true, ClusterState.now());
            }));
        });
    }

    String stop(String node, int vmid, Map<String, String> params, String workerType, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            if (!"1".equals(params.get("skiplock"))) {
                ContainerConfigs.checkLock(container);
            }
            if (!container.running()) {
                throw PveApiException.serverError("CT " + vmid + " not running");
            }
            return state.startTask(node, workerType, vmid, who, List.of(),
                    ContainerConfigs.work(() -> {
                        runtime.stop(container, workerType, params);
                        container.running(false, ClusterState.now());
                    }));
        });
    }

    String reboot(String node, int vmid, Access.Identity who) {
        return state.mutate(() -> {
            Container container = state.requireContainer(node, vmid);
            ContainerConfigs.checkLock(container);
            if (!container.running()) {
                throw PveApiException.serverError("CT " + vmid + " not running");
            }
            return state.startTask(node, "vzreboot", vmid, who, List.of(),
                    ContainerConfigs.work(() -> {
                        runtime.reboot(container);
                        container.running(true, ClusterState.now());
                    }));
        });
    }
}
