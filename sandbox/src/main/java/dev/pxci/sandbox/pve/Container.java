package dev.pxci.sandbox.pve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One simulated LXC container: its config file (the {@code key: value} lines PVE keeps under
 * {@code /etc/pve/nodes/NODE/lxc/VMID.conf}, including {@code lock}), its power state and its
 * snapshots. Not thread-safe: guarded by the cluster state's monitor.
 */
final class Container {
    private static final Pattern VOLUME_KEY = Pattern.compile("(mp|unused)\\d+");


    /** A snapshot: the config at the time it was taken. */
    record Snapshot(String name, String description, long snaptime, String parent, Map<String, String> config) {
        Snapshot {
            config = Map.copyOf(config);
        }
    }

    static final long MIB = 1024L * 1024L;
    static final long GIB = 1024L * MIB;

    private final int vmid;
    private final String node;
    private final TreeMap<String, String> config;
    private boolean running;
    private long startedAtEpochSecond;
    private final LinkedHashMap<String, Snapshot> snapshots = new LinkedHashMap<>();
    private String lastSnapshot;

    Container(int vmid, String node, Map<String, String> config) {
        this.vmid = vmid;
        this.node = node;
        this.config = new TreeMap<>(config);
    }

    int vmid() {
        return vmid;
    }

    String node() {
        return node;
    }

    /** The live config map, keys as in the config file. */
    TreeMap<String, String> config() {
        return config;
    }

    String lock() {
        return config.get("lock");
    }

    void lock(String lock) {
        if (lock == null) {
            config.remove("lock");
        } else {
            config.put("lock", lock);
        }
    }

    boolean isTemplate() {
        return "1".equals(config.get("template"));
    }

    boolean running() {
        return running;
    }

    void running(boolean running, long nowEpochSecond) {
        this.running = running;
        this.startedAtEpochSecond = running ? nowEpochSecond : 0;
    }

    long uptime(long nowEpochSecond) {
        return running ? Math.max(0, nowEpochSecond - startedAtEpochSecond) : 0;
    }

    long startedAtEpochSecond() {
        return startedAtEpochSecond;
    }

    String name() {
        return config.getOrDefault("hostname", "CT" + vmid);
    }

    LinkedHashMap<String, Snapshot> snapshots() {
        return snapshots;
    }

    String lastSnapshot() {
        return lastSnapshot;
    }

    void lastSnapshot(String name) {
        this.lastSnapshot = name;
    }

    long maxMemoryBytes() {
        return Long.parseLong(config.getOrDefault("memory", "512")) * MIB;
    }

    long maxSwapBytes() {
        return Long.parseLong(config.getOrDefault("swap", "512")) * MIB;
    }

    long rootDiskBytes() {
        String rootfs = config.get("rootfs");
        return rootfs == null ? 0 : Volumes.sizeBytes(PropertyString.parseLenient(rootfs, "volume").get("size"));
    }

    /** The config file's text: description as comments first, then sorted keys, then snapshot sections. */
    String configText() {
        StringBuilder text = new StringBuilder();
        appendSection(text, config);
        for (Snapshot snapshot : snapshots.values()) {
            text.append('\n').append('[').append(snapshot.name()).append("]\n");
            appendSection(text, new TreeMap<>(snapshot.config()));
        }
        return text.toString();
    }

    private static void appendSection(StringBuilder text, Map<String, String> section) {
        String description = section.get("description");
        if (description != null) {
            for (String line : description.split("\n", -1)) {
                text.append('#').append(line).append('\n');
            }
        }
        for (Map.Entry<String, String> entry : section.entrySet()) {
            if (!entry.getKey().equals("description")) {
                text.append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
            }
        }
    }

    /** SHA-1 of the config file, the {@code digest} PVE returns and checks on PUT. */
    String digest() {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(configText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Volume ids this container references in rootfs, mount points and unused entries. */
    List<String> volumes() {
        return volumesNaming("");
    }

    /**
     * The volume ids of {@link #volumes()} whose entry mentions {@code fragment}: a look for one
     * name across every container reads only the entries that can hold it.
     */
    List<String> volumesNaming(String fragment) {
        List<String> volumes = new ArrayList<>();
        for (Map.Entry<String, String> entry : config.entrySet()) {
            String key = entry.getKey();
            if (entry.getValue().contains(fragment) && (key.equals("rootfs") || VOLUME_KEY.matcher(key).matches())) {
                volumes.add(PropertyString.parseLenient(entry.getValue(), "volume").get("volume"));
            }
        }
        return volumes;
    }
}
