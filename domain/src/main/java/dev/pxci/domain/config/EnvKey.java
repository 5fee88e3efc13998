package dev.pxci.domain.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The keys of a container declaration ({@code config.env}), with their defaults and what they accept. */
public enum EnvKey {
    ID(null, "container id, 100 to 999999999"),
    HOSTNAME(null, "host name: letters, digits and '-', up to 63 characters per label"),
    IP(null, "static IPv4 address (a.b.c.d or a.b.c.d/prefix) or dhcp"),
    CORES("1", "CPU cores, 1 to 8192"),
    MEMORY("512", "memory in MiB, at least 16"),
    SWAP("512", "swap in MiB, 0 or more"),
    DISK("local-lvm:8", "root disk as storage:GiB (or GiB on local-lvm)"),
    BOOT("no", "start when the node boots: yes or no"),
    MOUNT("", "comma-separated shares as name:GiB (share:32 mounts at /share, data:8 at /share/data)"),
    TERMINATE("no", "yes allows destroying and re-creating the container when a create-only setting changes"),
    ADOPT("no", "yes lets pxci manage (change, replace, destroy) a container with this ID that pxci did not create"),
    NODE("pve", "Proxmox node name, or auto for the online node with the most free memory"),
    TEMPLATE("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "OS template volume id or file name"),
    TEMPLATE_DOWNLOAD("yes", "yes downloads TEMPLATE from the node's appliance index when the node lacks it: yes or no"),
    BRIDGE("vmbr0", "host bridge of eth0"),
    GATEWAY("", "IPv4 gateway of eth0 (empty: none)"),
    PREFIX("24", "prefix length of IP when IP has none, 1 to 32"),
    VLAN("", "VLAN tag of eth0, 1 to 4094 (empty: untagged)"),
    UNPRIVILEGED("yes", "run unprivileged (mapped ids): yes or no; changing it needs TERMINATE=yes"),
    FEATURES("nesting", "comma-separated: nesting, keyctl, fuse, mknod, mount=nfs;cifs (empty: none)"),
    TAGS("pxci", "comma-separated tags: lower-case letters, digits, '-', '_', '.'"),
    START_ORDER("", "start order on boot, 0 or more (empty: unordered)"),
    MOUNT_STORAGE("local-lvm", "storage for the share volumes");

    private final String defaultValue;
    private final String accepts;

    EnvKey(String defaultValue, String accepts) {
        this.defaultValue = defaultValue;
        this.accepts = accepts;
    }

    /** The default, or empty when the key is required. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String accepts() {
        return accepts;
    }

    public static Optional<EnvKey> find(String key) {
        return Arrays.stream(values()).filter(k -> k.name().equals(key)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
