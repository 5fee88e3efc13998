package dev.pxci.sandbox.pve;

import java.util.List;
import java.util.Set;

/**
 * What every simulated node has, as on a fresh Proxmox VE install: the directory storage
 * {@code local} (templates, backups, ISO images) holding the Debian 12 template, the LVM-thin
 * storage {@code local-lvm} for container disks, and the bridge {@code vmbr0}.
 */
final class Inventory {

    record Storage(String name, String type, Set<String> content, boolean shared, long totalBytes, long baseUsedBytes,
            boolean snapshots) {
        /** Content types as PVE lists them: sorted, comma-separated. */
        String contentList() {
            return String.join(",", new java.util.TreeSet<>(content));
        }
    }

    record Template(String volid, long sizeBytes, long ctime) {
    }

    static final String DEBIAN_12 = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    static final List<Storage> STORAGES = List.of(
            new Storage("local", "dir", Set.of("backup", "iso", "vztmpl"), false, 100L * Container.GIB,
                    12L * Container.GIB, false),
            new Storage("local-lvm", "lvmthin", Set.of("images", "rootdir"), false, 400L * Container.GIB, 0L, true));

    static final List<Template> TEMPLATES = List.of(new Template(DEBIAN_12, 126_505_385L, 1_729_075_200L));

    static final int NODE_CPUS = 8;
    static final long NODE_MEMORY = 32L * Container.GIB;

    private Inventory() {
    }

    static Storage storage(String name) {
        for (Storage storage : STORAGES) {
            if (storage.name().equals(name)) {
                return storage;
            }
        }
        return null;
    }

    /** PVE's answer for a storage id that is not configured. */
    static Storage requireStorage(String name) {
        Storage storage = storage(name);
        if (storage == null) {
            throw PveApiException.serverError("storage '" + name + "' does not exist");
        }
        return storage;
    }

    static Template template(String volid) {
        for (Template template : TEMPLATES) {
            if (template.volid().equals(volid)) {
                return template;
            }
        }
        return null;
    }
}
