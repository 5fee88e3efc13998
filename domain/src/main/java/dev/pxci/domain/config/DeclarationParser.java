package dev.pxci.domain.config;

import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the entries of a container's env file (over those of an optional {@code defaults.env})
 * into a {@link ContainerDeclaration}. Every value is checked; an error names the file, the line,
 * the key and what it accepts; an unknown key names the nearest known one.
 */
public final class DeclarationParser {
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern STORAGE = Pattern.compile("[a-zA-Z][a-zA-Z0-9\\-_.]*");
    private static final Pattern SHARE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern TAG = Pattern.compile("[a-z0-9_][a-z0-9_\\-+.]*");
    private static final Set<String> FS_TYPES = Set.of("nfs", "cifs", "ext4", "xfs", "btrfs", "zfs", "ceph", "fuse");

    private DeclarationParser() {
    }

    /**
     * Parses one container.
     *
     * @param defaults entries of {@code defaults.env}, possibly empty
     * @param own entries of the container's own file
     * @param source the container file's name
     */
    public static ContainerDeclaration parse(Map<String, EnvEntry> defaults, Map<String, EnvEntry> own, String source) {
        checkKeys(defaults);
        checkKeys(own);
        Map<String, EnvEntry> merged = new LinkedHashMap<>(defaults);
        merged.putAll(own);
        Values v = new Values(merged, source);

        int vmid = v.integer(EnvKey.ID, 100, 999_999_999);
        String hostname = v.hostname();
        Address address = v.address();
        List<Share> shares = v.shares();
        String mountStorage = v.storage(EnvKey.MOUNT_STORAGE);
        List<MountPoint> mounts = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share s = shares.get(i);
            mounts.add(new MountPoint(i, mountStorage, s.sizeGiB(), s.path(), true));
        }
        NetworkInterface eth0 = new NetworkInterface(0, "eth0", v.bridge(), address.cidr(), v.gateway(address),
                v.optionalInteger(EnvKey.VLAN, 1, 4094), false);
        ContainerConfig config = new ContainerConfig(
                hostname,
                v.integer(EnvKey.CORES, 1, 8192),
                v.integer(EnvKey.MEMORY, 16, Integer.MAX_VALUE),
                v.integer(EnvKey.SWAP, 0, Integer.MAX_VALUE),
                v.rootDisk(),
                mounts,
                List.of(eth0),
                v.features(),
                v.bool(EnvKey.UNPRIVILEGED),
                v.tags(),
                v.bool(EnvKey.BOOT),
                v.optionalInteger(EnvKey.START_ORDER, 0, Integer.MAX_VALUE)
                        .stream().mapToObj(o -> new StartupOrder(o, OptionalInt.empty(), OptionalInt.empty())).findFirst());
        ContainerSpec spec = new ContainerSpec(vmid, v.node(), v.template(), config, List.of(), true);
        return new ContainerDeclaration(source, spec, shares, v.bool(EnvKey.TERMINATE), address.host(),
                v.bool(EnvKey.TEMPLATE_DOWNLOAD), v.bool(EnvKey.ADOPT));
    }

    private static void checkKeys(Map<String, EnvEntry> entries) {
        for (EnvEntry e : entries.values()) {
            if (EnvKey.find(e.key()).isEmpty()) {
                String hint = Suggestions.nearest(e.key(), EnvKey.names())
                        .map(k -> "did you mean " + k + "?")
                        .orElse("known keys: " + String.join(", ", EnvKey.names()));
                throw ConfigError.at(e.file(), e.line(), "unknown key " + e.key(), hint);
            }
        }
    }

    private record Address(String cidr, Optional<String> host) {
    }

    /** Reads typed values, falling back to defaults, with errors that point at the entry. */
    private static final class Values {
        private final Map<String, EnvEntry> entries;
        private final String source;

        Values(Map<String, EnvEntry> entries, String source) {
            this.entries = entries;
            this.source = source;
        }

        private EnvEntry entry(EnvKey key) {
            EnvEntry e = entries.get(key.name());
            if (e != null) {
                return e;
            }
            return key.defaultValue()
                    .map(d -> new EnvEntry(source, 0, key.name(), d))
                    .orElseThrow(() -> ConfigError.at(source, 1, "missing required key " + key.name(),
                            key.name() + " is " + key.accepts()));
        }

        int integer(EnvKey key, int min, int max) {
            EnvEntry e = entry(key);
            return parseInt(e, key, min, max);
        }

        OptionalInt optionalInteger(EnvKey key, int min, int max) {
            EnvEntry e = entry(key);
            return e.value().isBlank() ? OptionalInt.empty() : OptionalInt.of(parseInt(e, key, min, max));
        }

        private static int parseInt(EnvEntry e, EnvKey key, int min, int max) {
            try {
                long n = Long.parseLong(e.value().trim());
                if (n < min || n > max) {
                    throw ConfigError.value(e, key.accepts());
                }
                return (int) n;
            } catch (NumberFormatException ex) {
                throw ConfigError.value(e, key.accepts());
            }
        }

        boolean bool(EnvKey key) {
            EnvEntry e = entry(key);
            return switch (e.value().trim().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "1", "on" -> true;
                case "no", "false", "0", "off" -> false;
                default -> throw ConfigError.value(e, "yes or no");
            };
        }

        String hostname() {
            EnvEntry e = entry(EnvKey.HOSTNAME);
            String h = e.value().trim();
            if (h.isEmpty() || h.length() > 253) {
                throw ConfigError.value(e, EnvKey.HOSTNAME.accepts());
            }
            for (String label : h.split("\\.", -1)) {
                if (!HOST_LABEL.matcher(label).matches()) {
                    throw ConfigError.value(e, EnvKey.HOSTNAME.accepts());
                }
            }
            return h;
        }

        Address address() {
            EnvEntry e = entry(EnvKey.IP);
            String raw = e.value().trim();
            if (raw.equalsIgnoreCase("dhcp")) {
                return new Address("dhcp", Optional.empty());
            }
            String host = raw;
            int prefix;
            int slash = raw.indexOf('/');
            if (slash >= 0) {
                host = raw.substring(0, slash);
                prefix = parsePrefix(e, raw.substring(slash + 1));
            } else {
                prefix = integer(EnvKey.PREFIX, 1, 32);
            }
            if (!isIpv4(host)) {
                throw ConfigError.value(e, EnvKey.IP.accepts());
            }
            return new Address(host + "/" + prefix, Optional.of(host));
        }

        private static int parsePrefix(EnvEntry e, String raw) {
            try {
                int p = Integer.parseInt(raw);
                if (p >= 1 && p <= 32) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ConfigError.value(e, EnvKey.IP.accepts() + " with a prefix of 1 to 32");
        }

        Optional<String> gateway(Address address) {
            EnvEntry e = entry(EnvKey.GATEWAY);
            String gw = e.value().trim();
            if (gw.isEmpty()) {
                return Optional.empty();
            }
            if (!isIpv4(gw)) {
                throw ConfigError.value(e, EnvKey.GATEWAY.accepts());
            }
            if (address.host().isEmpty()) {
                throw ConfigError.at(e.file(), e.line(), "GATEWAY is set but IP is dhcp",
                        "remove GATEWAY or give IP a static address");
            }
            return Optional.of(gw);
        }

        String bridge() {
            EnvEntry e = entry(EnvKey.BRIDGE);
            if (!STORAGE.matcher(e.value().trim()).matches()) {
                throw ConfigError.value(e, "a bridge name such as vmbr0");
            }
            return e.value().trim();
        }

        String storage(EnvKey key) {
            EnvEntry e = entry(key);
            if (!STORAGE.matcher(e.value().trim()).matches()) {
                throw ConfigError.value(e, "a storage id such as local-lvm");
            }
            return e.value().trim();
        }

        String node() {
            EnvEntry e = entry(EnvKey.NODE);
            String n = e.value().trim();
            if (!HOST_LABEL.matcher(n).matches()) {
                throw ConfigError.value(e, EnvKey.NODE.accepts());
            }
            return n;
        }

        String template() {
            EnvEntry e = entry(EnvKey.TEMPLATE);
            String t = e.value().trim();
            if (t.isEmpty() || t.contains(" ") || t.contains(",")) {
                throw ConfigError.value(e, EnvKey.TEMPLATE.accepts());
            }
            return t;
        }

        RootDisk rootDisk() {
            EnvEntry e = entry(EnvKey.DISK);
            String raw = e.value().trim();
            String storage = "local-lvm";
            String size = raw;
            int colon = raw.indexOf(':');
            if (colon >= 0) {
                storage = raw.substring(0, colon);
                size = raw.substring(colon + 1);
            }
            if (!STORAGE.matcher(storage).matches()) {
                throw ConfigError.value(e, EnvKey.DISK.accepts());
            }
            return new RootDisk(storage, gib(e, size, EnvKey.DISK.accepts()));
        }

        List<Share> shares() {
            EnvEntry e = entry(EnvKey.MOUNT);
            List<Share> shares = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            if (e.value().isBlank()) {
                return shares;
            }
            for (String item : e.value().split(",")) {
                String[] parts = item.trim().split(":", -1);
                if (parts.length != 2 || !SHARE_NAME.matcher(parts[0]).matches()) {
                    throw ConfigError.value(e, EnvKey.MOUNT.accepts());
                }
                int size = gib(e, parts[1], EnvKey.MOUNT.accepts());
                if (!names.add(parts[0])) {
                    throw ConfigError.at(e.file(), e.line(), "share " + parts[0] + " is listed twice in MOUNT",
                            "give each share once");
                }
                String path = parts[0].equals("share") ? "/share" : "/share/" + parts[0];
                shares.add(new Share(parts[0], size, path));
            }
            if (shares.size() > 256) {
                throw ConfigError.value(e, "at most 256 shares");
            }
            return shares;
        }

        private static int gib(EnvEntry e, String raw, String accepts) {
            String s = raw.trim();
            if (s.endsWith("G")) {
                s = s.substring(0, s.length() - 1);
            }
            try {
                int n = Integer.parseInt(s);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ConfigError.value(e, accepts + "; sizes are whole GiB, at least 1");
        }

        Features features() {
            EnvEntry e = entry(EnvKey.FEATURES);
            boolean nesting = false;
            boolean keyctl = false;
            boolean fuse = false;
            boolean mknod = false;
            List<String> mountTypes = new ArrayList<>();
            for (String raw : e.value().split(",")) {
                String f = raw.trim().toLowerCase(Locale.ROOT);
                if (f.isEmpty()) {
                    continue;
                }
                if (f.startsWith("mount=")) {
                    for (String fs : f.substring("mount=".length()).split(";")) {
                        if (!FS_TYPES.contains(fs)) {
                            throw ConfigError.value(e, EnvKey.FEATURES.accepts() + "; mount types: " + FS_TYPES);
                        }
                        mountTypes.add(fs);
                    }
                    continue;
                }
                switch (f) {
                    case "nesting" -> nesting = true;
                    case "keyctl" -> keyctl = true;
                    case "fuse" -> fuse = true;
                    case "mknod" -> mknod = true;
                    default -> throw ConfigError.value(e, EnvKey.FEATURES.accepts());
                }
            }
            return new Features(nesting, keyctl, fuse, mknod, mountTypes);
        }

        List<String> tags() {
            EnvEntry e = entry(EnvKey.TAGS);
            Set<String> tags = new LinkedHashSet<>();
            for (String raw : e.value().split("[,;]")) {
                String t = raw.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!TAG.matcher(t).matches()) {
                    throw ConfigError.value(e, EnvKey.TAGS.accepts());
                }
                tags.add(t);
            }
            return List.copyOf(tags);
        }

        private static boolean isIpv4(String s) {
            var m = IPV4.matcher(s);
            if (!m.matches()) {
                return false;
            }
            for (int i = 1; i <= 4; i++) {
                String octet = m.group(i);
                // a leading zero reads as octal to some tools (inet_aton: 010 is 8): refused, not guessed
                if (Integer.parseInt(octet) > 255 || octet.length() > 1 && octet.charAt(0) == '0') {
                    return false;
                }
            }
            return true;
        }
    }
}
