package dev.pxci.domain.plan;

import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares an observed container config with the desired one, field by field, and says for each
 * difference whether it can change in place. Create-only and immutable fields (unprivileged, the
 * storage of a disk) and shrinking a disk need replacement.
 */
public final class ConfigDiff {
    private ConfigDiff() {
    }

    public static List<FieldChange> between(ContainerConfig observed, ContainerConfig desired) {
        List<FieldChange> changes = new ArrayList<>();
        inPlace(changes, "hostname", observed.hostname(), desired.hostname());
        inPlace(changes, "cores", observed.cores(), desired.cores());
        inPlace(changes, "memory", observed.memoryMiB(), desired.memoryMiB());
        inPlace(changes, "swap", observed.swapMiB(), desired.swapMiB());
        if (!observed.rootDisk().storage().equals(desired.rootDisk().storage())) {
            changes.add(new FieldChange("rootfs.storage", observed.rootDisk().storage(), desired.rootDisk().storage(),
                    Mutability.REPLACE));
        }
        size(changes, "rootfs.size", observed.rootDisk().sizeGiB(), desired.rootDisk().sizeGiB());
        mounts(changes, observed.mounts(), desired.mounts());
        networks(changes, observed.networks(), desired.networks());
        inPlace(changes, "features", observed.features(), desired.features());
        if (observed.unprivileged() != desired.unprivileged()) {
            changes.add(new FieldChange("unprivileged", flag(observed.unprivileged()), flag(desired.unprivileged()),
                    Mutability.REPLACE));
        }
        inPlace(changes, "tags", new TreeSet<>(observed.tags()), new TreeSet<>(desired.tags()));
        inPlace(changes, "onboot", flag(observed.onboot()), flag(desired.onboot()));
        inPlace(changes, "startup", show(observed.startup()), show(desired.startup()));
        return List.copyOf(changes);
    }

    /**
     * Mount points are matched by path, not by slot: a share is where it is mounted, and slot
     * numbers are the platform's bookkeeping (dropping the first of two shares must not move the
     * second one's volume to the first one's path).
     */
    private static void mounts(List<FieldChange> changes, List<MountPoint> observed, List<MountPoint> desired) {
        Map<String, MountPoint> have = byPath(observed);
        Map<String, MountPoint> want = byPath(desired);
        TreeSet<String> paths = new TreeSet<>(have.keySet());
        paths.addAll(want.keySet());
        for (String path : paths) {
            MountPoint h = have.get(path);
            MountPoint w = want.get(path);
            if (h == null) {
                changes.add(new FieldChange("mp" + w.slot(), "absent", describe(w), Mutability.IN_PLACE));
            } else if (w == null) {
                changes.add(new FieldChange("mp" + h.slot(), describe(h), "absent (volume kept, detached)",
                        Mutability.IN_PLACE));
            } else {
                String field = "mp" + h.slot();
                if (!h.storage().equals(w.storage())) {
                    changes.add(new FieldChange(field + ".storage", h.storage(), w.storage(), Mutability.REPLACE));
                }
                size(changes, field + ".size", h.sizeGiB(), w.sizeGiB());
                inPlace(changes, field + ".backup", flag(h.backup()), flag(w.backup()));
            }
        }
    }

    private static Map<String, MountPoint> byPath(List<MountPoint> mounts) {
        return mounts.stream().collect(Collectors.toMap(MountPoint::path, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    private static void networks(List<FieldChange> changes, List<NetworkInterface> observed, List<NetworkInterface> desired) {
        Map<Integer, NetworkInterface> have = bySlot(observed, NetworkInterface::slot);
        Map<Integer, NetworkInterface> want = bySlot(desired, NetworkInterface::slot);
        TreeSet<Integer> slots = new TreeSet<>(have.keySet());
        slots.addAll(want.keySet());
        for (int slot : slots) {
            NetworkInterface h = have.get(slot);
            NetworkInterface w = want.get(slot);
            String hs = h == null ? "absent" : describe(h);
            String ws = w == null ? "absent" : describe(w);
            inPlace(changes, "net" + slot, hs, ws);
        }
    }

    private static <T> Map<Integer, T> bySlot(List<T> items, Function<T, Integer> slot) {
        return items.stream().collect(Collectors.toMap(slot, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    private static void size(List<FieldChange> changes, String field, int observed, int desired) {
        if (observed != desired) {
            changes.add(new FieldChange(field, observed + "G", desired + "G",
                    desired > observed ? Mutability.IN_PLACE : Mutability.REPLACE));
        }
    }

    private static void inPlace(List<FieldChange> changes, String field, Object observed, Object desired) {
        if (!Objects.equals(observed, desired)) {
            changes.add(new FieldChange(field, String.valueOf(observed), String.valueOf(desired), Mutability.IN_PLACE));
        }
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    private static String show(Optional<?> value) {
        return value.map(String::valueOf).orElse("unset");
    }

    private static String describe(MountPoint m) {
        return m.storage() + ":" + m.sizeGiB() + "G at " + m.path();
    }

    private static String describe(NetworkInterface n) {
        StringBuilder s = new StringBuilder(n.name()).append(" on ").append(n.bridge()).append(' ').append(n.ipv4());
        n.gateway().ifPresent(g -> s.append(" gw ").append(g));
        n.vlan().ifPresent(v -> s.append(" vlan ").append(v));
        if (n.firewall()) {
            s.append(" firewall");
        }
        return s.toString();
    }
}
