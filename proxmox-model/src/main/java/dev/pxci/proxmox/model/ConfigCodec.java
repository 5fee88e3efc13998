package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Translates between the port's container settings and Proxmox VE's LXC configuration keys and
 * property strings ({@code net[n]}, {@code rootfs}, {@code mp[n]}, {@code features},
 * {@code startup}), for both platform adapters. Values absent from a configuration are read as
 * Proxmox's effective defaults (memory 512, swap 512, onboot off, privileged); a value present but
 * unreadable (a count or VLAN tag that is no number) makes the whole configuration unreadable
 * rather than read as a default. Keys the port does not model (an interface's {@code hwaddr},
 * {@code mtu} or {@code ip6}, a disk's {@code acl} or {@code mountoptions}, the
 * {@code force_rw_sys} feature) are kept as they are when a slot is changed, and bind or device
 * mount points, which the port cannot express, are left alone.
 *
 * <p>Whether a difference needs a replacement is the domain's decision (its plan never asks a
 * platform for one in place); {@link #plan} only says how a change is written, and names what no
 * write to an existing container can express.
 */
public final class ConfigCodec {
    private static final int DEFAULT_MEMORY_MIB = 512;
    private static final int DEFAULT_SWAP_MIB = 512;
    private static final Pattern SLOT = Pattern.compile("(net|mp|unused)(\\d+)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)", Pattern.CASE_INSENSITIVE);
    private static final long GIB = 1024L * 1024 * 1024;

    private ConfigCodec() {
    }

    // ---- reading ---------------------------------------------------------------------------

    /**
     * The settings of CT {@code vmid} from its {@code GET .../config} answer. {@code resource} (its
     * cluster listing entry) supplies what the config leaves unset: the name, the effective core
     * count ({@code maxcpu}) and the root disk size ({@code maxdisk}).
     */
    public static ContainerConfig decode(int vmid, JsonNode config, Optional<ClusterResource> resource) {
        try {
            String hostname = Lenient.text(config, "hostname")
                    .or(() -> resource.map(ClusterResource::name).filter(n -> !n.isBlank()))
                    .orElse("CT" + vmid);
            int cores = number(config, "cores")
                    .orElse(resource.map(ClusterResource::maxCpu).filter(c -> c > 0).orElse(1));
            return new ContainerConfig(
                    hostname,
                    cores,
                    number(config, "memory").orElse(DEFAULT_MEMORY_MIB),
                    number(config, "swap").orElse(DEFAULT_SWAP_MIB),
                    rootDisk(Lenient.text(config, "rootfs").orElse(""), resource.map(ClusterResource::maxDisk).orElse(0L)),
                    slots(config, "mp").entrySet().stream()
                            .map(e -> mount(e.getKey(), e.getValue()))
                            .flatMap(Optional::stream)
                            .toList(),
                    slots(config, "net").entrySet().stream().map(e -> network(e.getKey(), e.getValue())).toList(),
                    features(Lenient.text(config, "features").orElse("")),
                    Lenient.bool(config, "unprivileged", false),
                    tags(Lenient.text(config, "tags").orElse("")),
                    Lenient.bool(config, "onboot", false),
                    Lenient.text(config, "startup").map(ConfigCodec::startup));
        } catch (IllegalArgumentException e) {
            throw new PxciException(ErrorCode.FAILED, "the configuration of CT " + vmid + " cannot be read: " + e.getMessage(),
                    "inspect it with 'pct config " + vmid + "' on its node");
        }
    }

    /** {@code net0}, {@code mp3}, ... keys of one kind, by slot number, as property strings. */
    public static TreeMap<Integer, PropertyString> slots(JsonNode config, String kind) {
        TreeMap<Integer, PropertyString> slots = new TreeMap<>();
        Iterator<String> names = config.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Matcher m = SLOT.matcher(name);
            if (m.matches() && m.group(1).equals(kind)) {
                String defaultKey = kind.equals("net") ? null : "volume";
                slots.put(Integer.parseInt(m.group(2)), PropertyString.parse(config.get(name).asText(), defaultKey));
            }
        }
        return slots;
    }

    static RootDisk rootDisk(String rootfs, long maxDiskBytes) {
        PropertyString props = PropertyString.parse(rootfs, "volume");
        String volume = props.get("volume").orElse("");
        OptionalInt size = props.get("size").map(ConfigCodec::sizeGiB).orElse(OptionalInt.empty());
        int gib = size.orElse(maxDiskBytes > 0 ? (int) Math.max(1, ceilDiv(maxDiskBytes, GIB)) : 1);
        return new RootDisk(storageOf(volume), gib);
    }

    /** A volume mount point; empty for bind mounts ({@code /srv/data}) and devices, which the port cannot express. */
    public static Optional<MountPoint> mount(int slot, PropertyString props) {
        String volume = props.get("volume").orElse("");
        Optional<String> path = props.get("mp");
        if (!isStorageVolume(volume) || path.isEmpty() || !path.get().startsWith("/")) {
            return Optional.empty();
        }
        int gib = props.get("size").map(ConfigCodec::sizeGiB).orElse(OptionalInt.empty()).orElse(1);
        return Optional.of(new MountPoint(slot, storageOf(volume), Math.max(1, gib), path.get(), props.flag("backup", false)));
    }

    static NetworkInterface network(int slot, PropertyString props) {
        OptionalInt tag = number("net" + slot + " tag", props.get("tag"));
        return new NetworkInterface(slot, props.get("name").orElse(""), props.get("bridge").orElse(""),
                props.get("ip").orElse(""), props.get("gw"), tag, props.flag("firewall", false));
    }

    static Features features(String text) {
        PropertyString props = PropertyString.parse(text, null);
        List<String> mounts = props.get("mount")
                .map(m -> Arrays.stream(m.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        return new Features(props.flag("nesting", false), props.flag("keyctl", false), props.flag("fuse", false),
                props.flag("mknod", false), mounts);
    }

    static StartupOrder startup(String text) {
        PropertyString props = PropertyString.parse(text, "order");
        return new StartupOrder(number("startup order", props.get("order")).orElse(0),
                number("startup up", props.get("up")), number("startup down", props.get("down")));
    }

    public static List<String> tags(String text) {
        return Arrays.stream(text.split("[;,\\s]+"))
                .map(t -> t.strip().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty())
                .distinct()
                .sorted()
                .toList();
    }

    /** A Proxmox disk size ({@code 32G}, {@code 512M}, {@code 1T}, bare bytes) in GiB, rounded up. */
    public static OptionalInt sizeGiB(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        double value = Double.parseDouble(m.group(1));
        double bytes = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> value * 1024;
            case "M" -> value * 1024 * 1024;
            case "G" -> value * GIB;
            case "T" -> value * GIB * 1024;
            default -> value;
        };
        return OptionalInt.of((int) Math.ceil(bytes / GIB));
    }


    /**
     * The storage volumes the container owns besides its root disk, by key ({@code mp0},
     * {@code unused1}): volume mount points and detached volumes; bind and device mounts are not
     * volumes. Proxmox VE destroys all of them with the container.
     */
    public static Map<String, String> ownedVolumes(JsonNode config) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (String kind : List.of("mp", "unused")) {
            slots(config, kind).forEach((slot, props) -> props.get("volume")
                    .filter(ConfigCodec::isStorageVolume)
                    .ifPresent(v -> volumes.put(kind + slot, v)));
        }
        return volumes;
    }

    /**
     * The keys of a {@code GET .../lxc/{vmid}/pending} answer whose change waits for a restart: a
     * pending value or a pending delete; an empty list when everything is in effect.
     */
    public static List<String> pendingKeys(JsonNode pending) {
        List<String> keys = new ArrayList<>();
        for (JsonNode item : pending) {
            if (item.hasNonNull("pending") || Lenient.bool(item, "delete", false)) {
                Lenient.text(item, "key").ifPresent(keys::add);
            }
        }
        return keys;
    }

    /**
     * The config as {@code GET .../config} returns it (pending values in, keys pending deletion
     * out, with the {@code digest}) from a {@code GET .../lxc/{vmid}/pending} answer, which lists
     * every key of the config file with its value in effect and its pending value or deletion; so
     * one read tells both the config and {@link #pendingKeys}.
     */
    public static ObjectNode pendingConfig(JsonNode pending) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        for (JsonNode item : pending) {
            Optional<String> key = Lenient.text(item, "key");
            if (key.isEmpty() || Lenient.bool(item, "delete", false)) {
                continue;
            }
            JsonNode value = item.hasNonNull("pending") ? item.get("pending") : item.get("value");
            if (value != null && !value.isNull()) {
                config.set(key.get(), value);
            }
        }
        return config;
    }

    public static boolean isStorageVolume(String volume) {
        return !volume.isEmpty() && !volume.startsWith("/") && volume.contains(":");
    }

    public static String storageOf(String volume) {
        int colon = volume.indexOf(':');
        return colon > 0 ? volume.substring(0, colon) : volume;
    }

    /** The number at {@code key}: empty when absent; a value that is no number makes the config unreadable. */
    private static OptionalInt number(JsonNode config, String key) {
        return number(key, Lenient.text(config, key));
    }

    private static OptionalInt number(String what, Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(new BigDecimal(text.get().strip()).intValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " is '" + text.get() + "', not a whole number");
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    // ---- writing ---------------------------------------------------------------------------

    /** The form of {@code POST /nodes/{node}/lxc}: every field of the spec; {@code unprivileged} always explicit. */
    public static Map<String, String> createForm(ContainerSpec spec, int vmid, String ostemplate) {
        ContainerConfig config = spec.config();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", Integer.toString(vmid));
        form.put("ostemplate", ostemplate);
        form.put("hostname", config.hostname());
        form.put("cores", Integer.toString(config.cores()));
        form.put("memory", Integer.toString(config.memoryMiB()));
        form.put("swap", Integer.toString(config.swapMiB()));
        form.put("rootfs", config.rootDisk().storage() + ":" + config.rootDisk().sizeGiB());
        for (NetworkInterface net : config.networks()) {
            form.put("net" + net.slot(), encodeNetwork(net, PropertyString.empty()));
        }
        for (MountPoint mount : config.mounts()) {
            form.put("mp" + mount.slot(), encodeNewMount(mount));
        }
        if (!sameFeatures(config.features(), Features.NONE)) {
            form.put("features", encodeFeatures(config.features(), PropertyString.empty()));
        }
        form.put("unprivileged", config.unprivileged() ? "1" : "0");
        if (!config.tags().isEmpty()) {
            form.put("tags", encodeTags(config.tags()));
        }
        if (config.onboot()) {
            form.put("onboot", "1");
        }
        config.startup().ifPresent(s -> form.put("startup", encodeStartup(s)));
        if (!spec.sshPublicKeys().isEmpty()) {
            form.put("ssh-public-keys", String.join("\n", spec.sshPublicKeys()));
        }
        return form;
    }

    static String encodeNetwork(NetworkInterface net, PropertyString base) {
        PropertyString props = base
                .with("name", net.name())
                .with("bridge", net.bridge().isEmpty() ? null : net.bridge())
                .with("ip", net.ipv4().isEmpty() ? null : net.ipv4())
                .with("gw", net.gateway().orElse(null))
                .with("tag", net.vlan().isPresent() ? Integer.toString(net.vlan().getAsInt()) : null)
                .with("firewall", net.firewall() ? "1" : null);
        return props.encode(null);
    }

    static String encodeNewMount(MountPoint mount) {
        return mount.storage() + ":" + mount.sizeGiB() + ",mp=" + mount.path() + (mount.backup() ? ",backup=1" : "");
    }

    public static String encodeFeatures(Features features, PropertyString base) {
        PropertyString props = base
                .with("nesting", features.nesting() ? "1" : null)
                .with("keyctl", features.keyctl() ? "1" : null)
                .with("fuse", features.fuse() ? "1" : null)
                .with("mknod", features.mknod() ? "1" : null)
                .with("mount", features.mountTypes().isEmpty() ? null : String.join(";", features.mountTypes()));
        return props.encode(null);
    }

    public static String encodeStartup(StartupOrder startup) {
        StringBuilder out = new StringBuilder("order=").append(startup.order());
        startup.up().ifPresent(up -> out.append(",up=").append(up));
        startup.down().ifPresent(down -> out.append(",down=").append(down));
        return out.toString();
    }

    static String encodeTags(List<String> tags) {
        return tags.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().sorted().collect(Collectors.joining(";"));
    }

    // ---- diffing ---------------------------------------------------------------------------

    /**
     * What must change in {@code raw} (a {@code GET .../config} answer) to reach {@code desired}:
     * only differing keys, {@code delete} for removed ones, disk growth as resizes; a difference
     * that no config write or resize expresses (the read-only {@code unprivileged}, a disk's
     * storage, a smaller disk) is listed as unwritable and nothing is written for it.
     */
    public static ConfigPlan plan(int vmid, JsonNode raw, ContainerConfig desired) {
        ContainerConfig observed = decode(vmid, raw, Optional.empty());
        Map<String, String> set = new LinkedHashMap<>();
        List<String> delete = new ArrayList<>();
        List<ConfigPlan.Resize> resizes = new ArrayList<>();
        List<String> unwritable = new ArrayList<>();

        if (!raw.has("hostname") || !observed.hostname().equals(desired.hostname())) {
            set.put("hostname", desired.hostname());
        }
        if (!raw.has("cores") || observed.cores() != desired.cores()) {
            set.put("cores", Integer.toString(desired.cores()));
        }
        if (observed.memoryMiB() != desired.memoryMiB()) {
            set.put("memory", Integer.toString(desired.memoryMiB()));
        }
        if (observed.swapMiB() != desired.swapMiB()) {
            set.put("swap", Integer.toString(desired.swapMiB()));
        }
        if (observed.unprivileged() != desired.unprivileged()) {
            unwritable.add("unprivileged " + (observed.unprivileged() ? 1 : 0) + " -> " + (desired.unprivileged() ? 1 : 0)
                    + " (fixed at creation)");
        }
        planRootDisk(raw, observed.rootDisk(), desired.rootDisk(), resizes, unwritable);
        planMounts(raw, desired, set, delete, resizes, unwritable);
        planNetworks(raw, desired.networks(), set, delete);

        boolean featuresChange = !sameFeatures(observed.features(), desired.features());
        if (featuresChange) {
            String encoded = encodeFeatures(desired.features(),
                    PropertyString.parse(Lenient.text(raw, "features").orElse(""), null));
            if (encoded.isEmpty()) {
                delete.add("features");
            } else {
                set.put("features", encoded);
            }
        }
        if (!observed.tags().equals(tags(String.join(";", desired.tags())))) {
            if (desired.tags().isEmpty()) {
                delete.add("tags");
            } else {
                set.put("tags", encodeTags(desired.tags()));
            }
        }
        if (observed.onboot() != desired.onboot()) {
            if (desired.onboot()) {
                set.put("onboot", "1");
            } else {
                delete.add("onboot");
            }
        }
        if (!observed.startup().equals(desired.startup())) {
            if (desired.startup().isPresent()) {
                set.put("startup", encodeStartup(desired.startup().get()));
            } else {
                delete.add("startup");
            }
        }
        return new ConfigPlan(set, delete, resizes, unwritable, featuresChange);
    }

    private static void planRootDisk(JsonNode raw, RootDisk observed, RootDisk desired, List<ConfigPlan.Resize> resizes,
            List<String> unwritable) {
        if (!observed.storage().equals(desired.storage())) {
            unwritable.add("rootfs storage " + observed.storage() + " -> " + desired.storage() + " (fixed at creation)");
            return;
        }
        OptionalInt size = PropertyString.parse(Lenient.text(raw, "rootfs").orElse(""), "volume").get("size")
                .map(ConfigCodec::sizeGiB).orElse(OptionalInt.empty());
        if (size.isEmpty()) {
            return;
        }
        if (desired.sizeGiB() < size.getAsInt()) {
            unwritable.add("rootfs " + size.getAsInt() + "G -> " + desired.sizeGiB() + "G (disks cannot shrink)");
        } else if (desired.sizeGiB() > size.getAsInt()) {
            resizes.add(new ConfigPlan.Resize("rootfs", desired.sizeGiB()));
        }
    }

    /**
     * The declared mounts whose path is not mounted in {@code raw}, each in the slot that
     * {@link #plan} would give it.
     */
    public static List<MountPoint> addedMounts(JsonNode raw, ContainerConfig desired) {
        TreeMap<Integer, PropertyString> observed = slots(raw, "mp");
        Set<String> mounted = new TreeSet<>();
        observed.forEach((slot, props) -> mount(slot, props).ifPresent(m -> mounted.add(m.path())));
        Set<Integer> taken = new TreeSet<>(observed.keySet());
        List<MountPoint> added = new ArrayList<>();
        for (MountPoint mount : desired.mounts()) {
            if (!mounted.contains(mount.path())) {
                int slot = taken.contains(mount.slot()) ? lowestFree(taken) : mount.slot();
                taken.add(slot);
                added.add(new MountPoint(slot, mount.storage(), mount.sizeGiB(), mount.path(), mount.backup()));
            }
        }
        return added;
    }

    /**
     * Mount points by path: a declared path already mounted keeps its slot and volume; a path no
     * longer declared is detached and noted as kept ({@link KeptVolumes}); a declared path not
     * mounted gets its kept volume back when there is one, else a new volume, in its declared slot
     * when that is free (else the lowest free one).
     */
    private static void planMounts(JsonNode raw, ContainerConfig desired, Map<String, String> set, List<String> delete,
            List<ConfigPlan.Resize> resizes, List<String> unwritable) {
        TreeMap<Integer, PropertyString> observed = slots(raw, "mp");
        Map<String, Integer> slotOfPath = new LinkedHashMap<>();
        observed.forEach((slot, props) -> mount(slot, props).ifPresent(m -> slotOfPath.put(m.path(), slot)));
        Set<String> declaredPaths = desired.mounts().stream().map(MountPoint::path).collect(Collectors.toSet());
        KeptVolumes kept = KeptVolumes.of(raw);
        observed.forEach((slot, props) -> mount(slot, props).filter(m -> !declaredPaths.contains(m.path())).ifPresent(m -> {
            delete.add("mp" + slot);
            kept.keep(m.path(), props.get("volume").orElseThrow(), m.sizeGiB());
        }));
        for (MountPoint added : addedMounts(raw, desired)) {
            attach(added, kept.take(added.path()), set, resizes, unwritable);
        }
        for (MountPoint mount : desired.mounts()) {
            Integer slot = slotOfPath.get(mount.path());
            if (slot == null) {
                continue;
            }
            kept.take(mount.path()); // mounted again by hand: nothing kept for it any more
            String key = "mp" + slot;
            PropertyString props = observed.get(slot);
            MountPoint now = mount(slot, props).orElseThrow();
            if (!now.storage().equals(mount.storage())) {
                unwritable.add(key + " storage " + now.storage() + " -> " + mount.storage() + " (a volume cannot change storage in place)");
                continue;
            }
            if (mount.sizeGiB() < now.sizeGiB()) {
                unwritable.add(key + " " + now.sizeGiB() + "G -> " + mount.sizeGiB() + "G (disks cannot shrink)");
            } else if (mount.sizeGiB() > now.sizeGiB()) {
                resizes.add(new ConfigPlan.Resize(key, mount.sizeGiB()));
            }
            if (now.backup() != mount.backup()) {
                set.put(key, props.with("backup", mount.backup() ? "1" : null).encode("volume"));
            }
        }
        kept.description().ifPresent(d -> set.put("description", d));
    }

    /** A mount in its slot: its kept volume taken back (grown to the declared size), or a new one. */
    private static void attach(MountPoint mount, Optional<KeptVolumes.Kept> kept, Map<String, String> set,
            List<ConfigPlan.Resize> resizes, List<String> unwritable) {
        String key = "mp" + mount.slot();
        if (kept.isEmpty()) {
            set.put(key, encodeNewMount(mount));
            return;
        }
        KeptVolumes.Kept k = kept.get();
        if (!storageOf(k.volume()).equals(mount.storage())) {
            unwritable.add(key + ": the volume kept for " + mount.path() + " (" + k.volume() + ") is on storage "
                    + storageOf(k.volume()) + ", not " + mount.storage() + " (a volume cannot change storage in place)");
            return;
        }
        if (mount.sizeGiB() < k.sizeGiB()) {
            unwritable.add(key + ": the volume kept for " + mount.path() + " (" + k.volume() + ") is " + k.sizeGiB() + "G, more than "
                    + mount.sizeGiB() + "G (disks cannot shrink)");
            return;
        }
        set.put(key, k.volume() + ",mp=" + mount.path() + ",size=" + k.sizeGiB() + "G" + (mount.backup() ? ",backup=1" : ""));
        if (mount.sizeGiB() > k.sizeGiB()) {
            resizes.add(new ConfigPlan.Resize(key, mount.sizeGiB()));
        }
    }

    private static int lowestFree(Set<Integer> taken) {
        int slot = 0;
        while (taken.contains(slot)) {
            slot++;
        }
        return slot;
    }

    private static void planNetworks(JsonNode raw, List<NetworkInterface> desired, Map<String, String> set,
            List<String> delete) {
        TreeMap<Integer, PropertyString> observed = slots(raw, "net");
        Set<Integer> wanted = new TreeSet<>();
        for (NetworkInterface net : desired) {
            wanted.add(net.slot());
            PropertyString props = observed.get(net.slot());
            if (props == null) {
                set.put("net" + net.slot(), encodeNetwork(net, PropertyString.empty()));
            } else if (!network(net.slot(), props).equals(net)) {
                set.put("net" + net.slot(), encodeNetwork(net, props));
            }
        }
        observed.keySet().stream().filter(slot -> !wanted.contains(slot)).forEach(slot -> delete.add("net" + slot));
    }

    static boolean sameFeatures(Features a, Features b) {
        return a.nesting() == b.nesting() && a.keyctl() == b.keyctl() && a.fuse() == b.fuse() && a.mknod() == b.mknod()
                && new TreeSet<>(a.mountTypes()).equals(new TreeSet<>(b.mountTypes()));
    }

    /**
     * Why writing the features of {@code config} needs a root@pam ticket, when it does; empty when
     * an API token may do it. Any change of a privileged container's features is root-only, even
     * removing them; on an unprivileged one only {@code nesting} is open to tokens.
     */
    public static Optional<String> rootOnlyReason(ContainerConfig config) {
        if (config.features().needsRoot()) {
            return Optional.of("features other than nesting (keyctl, fuse, mknod, mount) can only be set by root@pam");
        }
        if (!config.unprivileged()) {
            return Optional.of("feature flags of a privileged container can only be changed by root@pam");
        }
        return Optional.empty();
    }
}
