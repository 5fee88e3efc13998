package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an LXC configuration as {@code GET /nodes/{node}/lxc/{vmid}/config} returns it into the
 * port's {@link ContainerConfig}. Keys the configuration leaves out read as Proxmox VE's
 * effective defaults (memory and swap 512 MiB, onboot off, privileged); bind and device mount
 * points, which the port cannot express, are left out.
 */
public final class PveConfig {
    static final int DEFAULT_MEMORY_MIB = 512;
    static final int DEFAULT_SWAP_MIB = 512;
    private static final Pattern SLOT_KEY = Pattern.compile("(net|mp)(\\d+)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGT]?)", Pattern.CASE_INSENSITIVE);

    private PveConfig() {
    }

    /**
     * @param config the {@code data} of the config read
     * @param resource the container's entry in {@code /cluster/resources}, for the name, core count and disk size
     *     when the config leaves them out
     */
    public static ContainerConfig decode(int vmid, JsonNode config, JsonNode resource) {
        try {
            TreeMap<Integer, Map<String, String>> mps = new TreeMap<>();
            TreeMap<Integer, Map<String, String>> nets = new TreeMap<>();
            config.properties().forEach(e -> {
                Matcher m = SLOT_KEY.matcher(e.getKey());
                if (m.matches()) {
                    Map<String, String> props = properties(e.getValue().asText(), m.group(1).equals("mp") ? "volume" : null);
                    (m.group(1).equals("mp") ? mps : nets).put(Integer.parseInt(m.group(2)), props);
                }
            });
            List<MountPoint> mounts = new ArrayList<>();
            mps.forEach((slot, props) -> mount(slot, props).ifPresent(mounts::add));
            List<NetworkInterface> networks = new ArrayList<>();
            nets.forEach((slot, props) -> networks.add(network(slot, props)));
            return new ContainerConfig(
                    text(config, "hostname").or(() -> text(resource, "name")).orElse("CT" + vmid),
                    integer(config, "cores").orElse(integer(resource, "maxcpu").orElse(1)),
                    integer(config, "memory").orElse(DEFAULT_MEMORY_MIB),
                    integer(config, "swap").orElse(DEFAULT_SWAP_MIB),
                    rootDisk(text(config, "rootfs").orElse(""), resource.path("maxdisk").asLong(0)),
                    mounts,
                    networks,
                    features(text(config, "features").orElse("")),
                    flag(config, "unprivileged"),
                    tags(text(config, "tags").orElse("")),
                    flag(config, "onboot"),
                    text(config, "startup").map(PveConfig::startup));
        } catch (IllegalArgumentException e) {
            throw new PxciException(ErrorCode.FAILED, "the configuration of CT " + vmid + " cannot be read: " + e.getMessage(),
                    "inspect it with 'pct config " + vmid + "' on its node");
        }
    }

    /** Whether a {@code GET .../pending} answer lists changes that wait for a restart. */
    public static boolean restartPending(JsonNode pending) {
        for (JsonNode entry : pending) {
            if (entry.has("pending") || entry.path("delete").asInt(0) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Volumes destroyed with the container: volume mount points and detached ({@code unusedN}) volumes. */
    public static List<String> ownedVolumes(JsonNode config) {
        List<String> volumes = new ArrayList<>();
        config.properties().forEach(e -> {
            if (e.getKey().matches("(mp|unused)\\d+")) {
                String volume = properties(e.getValue().asText(), "volume").getOrDefault("volume", "");
                if (isStorageVolume(volume)) {
                    volumes.add(e.getKey() + " (" + volume + ")");
                }
            }
        });
        return volumes;
    }

    /** Splits a property string ({@code name=eth0,bridge=vmbr0}); a bare item is the value of {@code defaultKey}. */
    static Map<String, String> properties(String text, String defaultKey) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String part = item.strip();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (defaultKey == null) {
                    throw new IllegalArgumentException("'" + part + "' has no key in '" + text + "'");
                }
                props.put(defaultKey, part);
            } else {
                props.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return props;
    }

    private static RootDisk rootDisk(String rootfs, long maxDiskBytes) {
        Map<String, String> props = properties(rootfs, "volume");
        OptionalInt size = sizeGiB(props.getOrDefault("size", ""));
        long fromResource = maxDiskBytes > 0 ? (maxDiskBytes + (1L << 30) - 1) >> 30 : 1;
        return new RootDisk(storageOf(props.getOrDefault("volume", "")), size.orElse((int) Math.max(1, fromResource)));
    }

    private static Optional<MountPoint> mount(int slot, Map<String, String> props) {
        String volume = props.getOrDefault("volume", "");
        String path = props.getOrDefault("mp", "");
        if (!isStorageVolume(volume) || !path.startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(new MountPoint(slot, storageOf(volume), Math.max(1, sizeGiB(props.getOrDefault("size", "")).orElse(1)),
                path, "1".equals(props.get("backup"))));
    }

    private static NetworkInterface network(int slot, Map<String, String> props) {
        OptionalInt tag = props.containsKey("tag") ? OptionalInt.of(Integer.parseInt(props.get("tag"))) : OptionalInt.empty();
        return new NetworkInterface(slot, props.getOrDefault("name", ""), props.getOrDefault("bridge", ""),
                props.getOrDefault("ip", ""), Optional.ofNullable(props.get("gw")), tag, "1".equals(props.get("firewall")));
    }

    private static Features features(String text) {
        Map<String, String> props = properties(text, null);
        List<String> mountTypes = Arrays.stream(props.getOrDefault("mount", "").split(";"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Features("1".equals(props.get("nesting")), "1".equals(props.get("keyctl")), "1".equals(props.get("fuse")),
                "1".equals(props.get("mknod")), mountTypes);
    }

    private static StartupOrder startup(String text) {
        Map<String, String> props = properties(text, "order");
        return new StartupOrder(Integer.parseInt(props.getOrDefault("order", "0")), optionalInt(props.get("up")),
                optionalInt(props.get("down")));
    }

    static List<String> tags(String text) {
        return Arrays.stream(text.split("[;,\\s]+")).map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .distinct().sorted().toList();
    }

    /** A Proxmox size ({@code 8G}, {@code 512M}, {@code 1T}, bare bytes) in GiB, rounded up. */
    static OptionalInt sizeGiB(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        double value = Double.parseDouble(m.group(1));
        double gib = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> value / (1024 * 1024);
            case "M" -> value / 1024;
            case "G" -> value;
            case "T" -> value * 1024;
            default -> value / (1024.0 * 1024 * 1024);
        };
        return OptionalInt.of((int) Math.ceil(gib));
    }

    private static boolean isStorageVolume(String volume) {
        return !volume.isEmpty() && !volume.startsWith("/") && volume.contains(":");
    }

    private static String storageOf(String volume) {
        int colon = volume.indexOf(':');
        return colon > 0 ? volume.substring(0, colon) : volume;
    }

    private static OptionalInt optionalInt(String text) {
        return text == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text.strip()));
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    static Optional<Integer> integer(JsonNode node, String field) {
        return text(node, field).map(String::strip).map(Integer::parseInt);
    }

    private static boolean flag(JsonNode node, String field) {
        return text(node, field).map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
    }
}
