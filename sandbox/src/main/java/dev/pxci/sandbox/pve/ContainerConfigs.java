package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PVE does to container config values on their way in: disks allocated from
 * {@code STORAGE:GiB} and numbered rootfs first, networks given a MAC and {@code type=veth},
 * property strings printed in PVE's order; plus the lock check every mutation makes.
 * Called under the cluster state's monitor.
 */
final class ContainerConfigs {

    static final Pattern MOUNT_KEY = Pattern.compile("(rootfs|mp\\d+)");
    static final Pattern NET_KEY = Pattern.compile("net\\d+");

    private final ClusterState state;
    private final Map<String, ParamSpec> createSchema;

    ContainerConfigs(ClusterState state, Map<String, ParamSpec> createSchema) {
        this.state = state;
        this.createSchema = createSchema;
    }

    /** The nested format of a property-string key of the create schema ({@code net0}, {@code mp3}, ...). */
    Map<String, ParamSpec> format(String key) {
        return ParameterValidator.specFor(createSchema, key).properties();
    }

    /** Turns every {@code STORAGE:GiB} mount point into a volume of its own, as the create worker does. */
    void allocateVolumes(int vmid, Map<String, String> config, List<String> log) {
        for (String key : mountKeysInDiskOrder(config)) {
            config.put(key, allocate(vmid, key, config.get(key), config, log));
        }
    }

    /** {@code rootfs} first, then {@code mp0}, {@code mp1}, ...: the order PVE numbers new disks in. */
    static List<String> mountKeysInDiskOrder(Map<String, String> config) {
        List<String> keys = new ArrayList<>();
        for (String key : config.keySet()) {
            if (MOUNT_KEY.matcher(key).matches()) {
                keys.add(key);
            }
        }
        keys.sort(Comparator.comparingInt(key -> key.equals("rootfs") ? -1 : Integer.parseInt(key.substring(2))));
        return keys;
    }

    /**
     * A mount point value with a {@code STORAGE:GiB} request replaced by a new volume
     * ({@code local-lvm:vm-100-disk-0,size=8G}); other values unchanged. Fails the task when the
     * storage does not exist or holds no container disks.
     */
    String allocate(int vmid, String key, String value, Map<String, String> config, List<String> log) {
        Map<String, ParamSpec> format = format(key);
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

    /** The lowest disk number of this container on this storage that no volume uses yet. */
    private int nextDiskIndex(int vmid, String storage, Map<String, String> config) {
        Set<String> used = new HashSet<>();
        for (Container container : state.containers().values()) {
            used.addAll(container.volumesNaming("-" + vmid + "-disk-"));
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
    String normaliseNet(String key, String value, String previous) {
        Map<String, ParamSpec> format = format(key);
        Map<String, String> net = PropertyString.parseLenient(value, "name");
        if (!net.containsKey("hwaddr")) {
            String oldMac = previous == null ? null : PropertyString.parseLenient(previous, "name").get("hwaddr");
            net.put("hwaddr", oldMac != null ? oldMac : state.macFor(net.get("ip")));
        }
        net.putIfAbsent("type", "veth");
        return PropertyString.print(net, format);
    }

    /** The clone's own copy of a source volume (bind mounts are shared, not copied). */
    String cloneVolume(int newid, String key, String value, String storage, Map<String, String> config,
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
        return PropertyString.print(mount, format(key));
    }

    /** The name a volume gets when it is handed to container {@code target}: its next free disk name there. */
    String renamedFor(int target, String volume, Map<String, String> targetConfig) {
        String storage = Volumes.storageOf(volume);
        return storage + ":vm-" + target + "-disk-" + nextDiskIndex(target, storage, targetConfig);
    }

    /** Tags as Proxmox VE stores them: lower-cased, de-duplicated, sorted, joined with ';'. */
    static String normaliseTags(String tags) {
        return java.util.Arrays.stream(tags.split("[;, ]+")).map(t -> t.toLowerCase(java.util.Locale.ROOT))
                .filter(t -> !t.isEmpty()).distinct().sorted().collect(java.util.stream.Collectors.joining(";"));
    }

    /** The first unused indexed key, e.g. {@code unused0}. */
    static String freeKey(Map<String, String> config, String prefix) {
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

    /** A task whose effect cannot fail and whose synchronous part left nothing to undo. */
    static TaskWork work(Runnable effect) {
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
}
