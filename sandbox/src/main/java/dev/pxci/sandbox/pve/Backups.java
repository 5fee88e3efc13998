package dev.pxci.sandbox.pve;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backups and restores: {@code POST /nodes/{node}/vzdump} (pve-manager's {@code PVE::API2::VZDump},
 * worker {@code vzdump}) writes an archive {@code vzdump-lxc-VMID-YYYY_MM_DD-HH_MM_SS.tar.zst} to
 * a storage that takes content {@code backup}, and {@code POST /nodes/{node}/lxc} with
 * {@code restore=1} (worker {@code vzrestore}) re-creates a container from one, with new volumes
 * of the archived sizes. The archive keeps the container's config; the simulated containers have
 * no data to keep. Checks and texts follow PVE: a storage without {@code backup} content fails the
 * job ("can't use storage ... for backups - wrong content type"), a locked or missing guest fails
 * its backup and the task ends {@code job errors}. Called under the cluster state's monitor.
 */
final class Backups {

    /** One archive on a storage of a node. */
    record Archive(String volid, String node, int vmid, long ctime, long sizeBytes, Map<String, String> config) {
        Archive {
            config = Map.copyOf(config);
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The parameters of {@code POST /nodes/{node}/vzdump} (PVE 9.1, {@code PVE::VZDump::Common}). */
    static Map<String, ParamSpec> vzdumpParameters() {
        Map<String, ParamSpec> parameters = new LinkedHashMap<>();
        for (String name : List.of("node", "vmid", "storage", "notes-template", "exclude", "pool", "mailto",
                "mailnotification", "notification-mode", "tmpdir", "dumpdir", "script", "exclude-path", "fleecing",
                "performance", "prune-backups", "pbs-change-detection-mode", "job-id")) {
            parameters.put(name, ParamSpec.optionalString());
        }
        parameters.put("mode", choice("snapshot", "snapshot", "suspend", "stop"));
        parameters.put("compress", choice("0", "0", "1", "gzip", "lzo", "zstd"));
        for (String flag : List.of("all", "remove", "protected", "stdexcludes", "quiet", "stop", "stdout")) {
            parameters.put(flag, new ParamSpec("boolean", true, null, null, null, null, null, null, null, false, null));
        }
        for (String number : List.of("zstd", "pigz", "ionice", "lockwait", "stopwait", "bwlimit", "maxfiles")) {
            parameters.put(number, new ParamSpec("integer", true, null, null, null, 0.0, null, null, null, false, null));
        }
        return parameters;
    }

    private static ParamSpec choice(String defaultValue, String... values) {
        return new ParamSpec("string", true, null, null, List.of(values), null, null, null, null, false, defaultValue);
    }

    private final ClusterState state;
    private final ContainerConfigs configs;

    Backups(ClusterState state, ContainerConfigs configs) {
        this.state = state;
        this.configs = configs;
    }

    /** {@code POST /nodes/{node}/vzdump} for one guest; returns the task id. */
    String vzdump(String node, Map<String, String> params, Access.Identity who) {
        return state.mutate(() -> {
            state.requireNode(node);
            String vmidText = params.get("vmid");
            if (vmidText == null || vmidText.isBlank()) {
                throw PveApiException.parameter("vmid", "property is missing");
            }
            int vmid = Integer.parseInt(vmidText.strip());
            String storageName = params.getOrDefault("storage", "local");
            Inventory.requireStorage(storageName);
            String mode = params.getOrDefault("mode", "snapshot");
            String compress = params.getOrDefault("compress", "0");
            String command = "vzdump " + vmid + " --storage " + storageName + " --mode " + mode + " --compress " + compress;
            long started = ClusterState.now();
            Container container = state.containers().get(vmid);
            boolean lockedHere = container != null && container.node().equals(node) && container.lock() == null;
            if (lockedHere) {
                container.lock("backup");
            }
            return state.startTask(node, "vzdump", vmid, who, List.of("INFO: starting new backup job: " + command,
                    "INFO: Starting Backup of VM " + vmid + " (lxc)", "INFO: Backup started at " + CLOCK.format(
                            Instant.ofEpochSecond(started))), new TaskWork() {
                        @Override
                        public List<String> complete() {
                            return backUp(node, vmid, storageName, mode, compress, container, lockedHere, started);
                        }

                        @Override
                        public void abort() {
                            if (lockedHere) {
                                container.lock(null);
                            }
                        }
                    });
        });
    }

    private List<String> backUp(String node, int vmid, String storageName, String mode, String compress,
            Container container, boolean lockedHere, long started) {
        if (!Inventory.storage(storageName).content().contains("backup")) {
            throw new TaskWork.Failure("can't use storage '" + storageName + "' for backups - wrong content type");
        }
        if (container == null || !container.node().equals(node) || !lockedHere) {
            // "unable to find VM" or "CT is locked (...)" fails this guest's backup, and so the job
            throw new TaskWork.Failure("job errors");
        }
        List<String> log = new ArrayList<>();
        boolean wasRunning = container.running();
        TreeMap<String, String> config = new TreeMap<>(container.config());
        config.remove("lock");
        String file = "vzdump-lxc-" + vmid + "-" + STAMP.format(Instant.ofEpochSecond(started)) + ".tar"
                + extension(compress);
        long size = Math.max(Container.MIB, container.rootDiskBytes() / 8);
        log.add("INFO: status = " + (wasRunning ? "running" : "stopped"));
        log.add("INFO: backup mode: " + (wasRunning ? mode : "stop"));
        log.add("INFO: ionice priority: 7");
        if (wasRunning && mode.equals("stop")) {
            log.add("INFO: stopping virtual guest");
        }
        log.add("INFO: creating vzdump archive '/var/lib/vz/dump/" + file + "'");
        log.add("INFO: Total bytes written: " + size * 3 + " (" + (size * 3 / Container.MIB) + "MiB, 150MiB/s)");
        if (wasRunning && mode.equals("stop")) {
            log.add("INFO: restarting vm");
            container.running(true, ClusterState.now());
        }
        log.add("INFO: archive file size: " + size / Container.MIB + "MB");
        log.add("INFO: Finished Backup of VM " + vmid + " (00:00:01)");
        log.add("INFO: Backup finished at " + CLOCK.format(Instant.ofEpochSecond(ClusterState.now())));
        log.add("INFO: Backup job finished successfully");
        container.lock(null);
        String volid = storageName + ":backup/" + file;
        state.backups().put(volid, new Archive(volid, node, vmid, ClusterState.now(), size, config));
        return log;
    }

    private static String extension(String compress) {
        return switch (compress) {
            case "1", "lzo" -> ".lzo";
            case "gzip" -> ".gz";
            case "zstd" -> ".zst";
            default -> "";
        };
    }

    /**
     * The create with {@code restore=1}: the archive's config with every disk allocated anew (on
     * {@code storage} when given) and the given parameters merged over it; returns the task id.
     */
    String restore(String node, int vmid, Map<String, String> params, Access.Identity who) {
        String archiveId = params.get("ostemplate");
        Archive archive = state.backups().get(archiveId);
        if (archive == null || !archive.node().equals(node)) {
            throw PveApiException.serverError("volume '" + archiveId + "' does not exist");
        }
        String storage = params.get("storage");
        if (storage != null) {
            Inventory.requireStorage(storage);
        }
        TreeMap<String, String> wanted = new TreeMap<>(archive.config());
        for (String key : ContainerConfigs.mountKeysInDiskOrder(wanted)) {
            Map<String, String> mount = PropertyString.parseLenient(wanted.get(key), "volume");
            String volume = mount.get("volume");
            if (volume == null || volume.startsWith("/")) {
                continue;
            }
            String target = storage != null ? storage : Volumes.storageOf(volume);
            double gib = Volumes.sizeBytes(mount.get("size")) / (double) Container.GIB;
            mount.put("volume", target + ":" + (long) Math.max(1, Math.ceil(gib)));
            mount.remove("size");
            wanted.put(key, PropertyString.print(mount, configs.format(key)));
        }
        wanted.keySet().removeIf(key -> key.matches("unused\\d+"));
        for (Map.Entry<String, String> given : params.entrySet()) {
            if (!LxcOperations.CREATE_ONLY.contains(given.getKey())) {
                wanted.put(given.getKey(), given.getValue());
            }
        }
        Container container = new Container(vmid, node, Map.of("lock", "create"));
        state.containers().put(vmid, container);
        return state.startTask(node, "vzrestore", vmid, who, List.of("recovering backed-up configuration from '"
                + archiveId + "'"), new TaskWork() {
                    @Override
                    public List<String> complete() {
                        List<String> log = new ArrayList<>();
                        TreeMap<String, String> config = new TreeMap<>(wanted);
                        configs.allocateVolumes(vmid, config, log);
                        log.add("restoring '" + archiveId + "' now..");
                        log.add("Total bytes read: " + archive.sizeBytes() * 3 + " ("
                                + archive.sizeBytes() * 3 / Container.MIB + "MiB, 160MiB/s)");
                        log.add("merging backed-up and given configuration..");
                        container.config().clear();
                        container.config().putAll(config);
                        return log;
                    }

                    @Override
                    public void abort() {
                        state.containers().remove(vmid);
                    }
                });
    }

    /** The archives of a storage on a node, as {@code GET .../storage/{storage}/content?content=backup} lists them. */
    /**
     * {@code DELETE /nodes/{node}/storage/{storage}/content/{volume}} of a backup: the archive goes
     * at once, and a task {@code imgdel} reports it, as on PVE 7 and later.
     */
    String remove(String node, String storageName, String volume, Access.Identity who) {
        return state.mutate(() -> {
            state.requireNode(node);
            String volid = volume.contains(":") ? volume : storageName + ":" + volume;
            Archive archive = state.backups().get(volid);
            if (archive == null || !archive.node().equals(node)) {
                throw PveApiException.serverError("volume '" + volid + "' does not exist");
            }
            state.backups().remove(volid);
            return state.startTask(node, "imgdel", "", who, List.of("Removed volume '" + volid + "'"), new TaskWork() {
                @Override
                public List<String> complete() {
                    return List.of();
                }

                @Override
                public void abort() {
                    // nothing to undo: the archive is gone already
                }
            });
        });
    }

    List<Map<String, Object>> content(String node, String storageName, String vmid) {
        return state.read(() -> listed(node, storageName, vmid));
    }

    private List<Map<String, Object>> listed(String node, String storageName, String vmid) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Archive archive : state.backups().values()) {
            if (archive.node().equals(node) && Volumes.storageOf(archive.volid()).equals(storageName)
                    && (vmid == null || vmid.equals(Integer.toString(archive.vmid())))) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("volid", archive.volid());
                item.put("content", "backup");
                item.put("format", "tar.zst");
                item.put("size", archive.sizeBytes());
                item.put("ctime", archive.ctime());
                item.put("vmid", archive.vmid());
                item.put("subtype", "lxc");
                out.add(item);
            }
        }
        return out;
    }
}
