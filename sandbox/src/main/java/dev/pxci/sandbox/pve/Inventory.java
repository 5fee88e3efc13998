package dev.pxci.sandbox.pve;

import java.util.List;
import java.util.Set;

/**
 * What every simulated node has, as on a fresh Proxmox VE install: the directory storage
 * {@code local} (templates, backups, ISO images) holding the Debian 12 template, the LVM-thin
 * storage {@code local-lvm} for container disks, and the bridge {@code vmbr0}; and the appliance
 * index that {@code POST aplinfo} downloads more templates from.
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
        /** The format PVE lists for a template file: its compression ({@code tzst}, {@code txz}, {@code tgz}). */
        String format() {
            if (volid.endsWith(".tar.zst")) {
                return "tzst";
            }
            return volid.endsWith(".tar.xz") ? "txz" : "tgz";
        }
    }

    /** One entry of the node's appliance index ({@code pveam available}), as {@code GET aplinfo} lists it. */
    record Appliance(String template, String os, String version, String headline, long sizeBytes) {
        String location() {
            return "http://download.proxmox.com/images/system/" + template;
        }
    }

    static final String DEBIAN_12 = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    static final List<Storage> STORAGES = List.of(
            new Storage("local", "dir", Set.of("backup", "iso", "vztmpl"), false, 100L * Container.GIB,
                    12L * Container.GIB, false),
            new Storage("local-lvm", "lvmthin", Set.of("images", "rootdir"), false, 400L * Container.GIB, 0L, true));

    static final List<Template> TEMPLATES = List.of(new Template(DEBIAN_12, 126_505_385L, 1_729_075_200L));

    /** The appliance index of a node that ran {@code pveam update}: system templates pveam would download. */
    static final List<Appliance> APPLIANCES = List.of(
            new Appliance("debian-12-standard_12.7-1_amd64.tar.zst", "debian-12", "12.7-1",
                    "Debian 12 Bookworm (standard)", 126_505_385L),
            new Appliance("debian-13-standard_13.1-2_amd64.tar.zst", "debian-13", "13.1-2",
                    "Debian 13 Trixie (standard)", 131_420_560L),
            new Appliance("ubuntu-24.04-standard_24.04-2_amd64.tar.zst", "ubuntu-24.04", "24.04-2",
                    "Ubuntu 24.04 Noble (standard)", 141_232_212L),
            new Appliance("alpine-3.22-default_20250617_amd64.tar.xz", "alpine-3.22", "3.22-default",
                    "Alpine Linux 3.22 (default)", 3_143_280L));

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

    static Appliance appliance(String template) {
        for (Appliance appliance : APPLIANCES) {
            if (appliance.template().equals(template)) {
                return appliance;
            }
        }
        return null;
    }
}
