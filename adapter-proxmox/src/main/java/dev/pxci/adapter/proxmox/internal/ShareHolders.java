package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.adapter.proxmox.internal.PveClient.Repeat;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.ConfigCodec;
import dev.pxci.proxmox.model.Lenient;
import dev.pxci.proxmox.model.PropertyString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps the mount-point volumes of a destroyed container and hands them back when the container
 * is created again. Proxmox VE destroys every volume a container owns, and the API's only way to
 * keep one is to give it to another container ({@code move_volume} with {@code target-vmid}).
 * So the volumes of CT {@code N} go to its holder: a stopped container named
 * {@code pxci-shares-N} on the same node, created for the purpose and never started. Mount
 * points keep their slot ({@code mp0} stays {@code mp0}); detached ({@code unusedN}) volumes go
 * to free {@code unused} slots and stay there. A holder left without volumes is destroyed.
 */
public final class ShareHolders {
    static final String NAME_PREFIX = "pxci-shares-";

    private final PveClient client;
    private final TaskWaiter tasks;
    private final IdAllocator ids;
    private final MarkedCreate creates;
    private final Duration taskTimeout;

    public ShareHolders(PveClient client, TaskWaiter tasks, IdAllocator ids, MarkedCreate creates, Duration taskTimeout) {
        this.client = client;
        this.tasks = tasks;
        this.ids = ids;
        this.creates = creates;
        this.taskTimeout = taskTimeout;
    }

    /** The host name of the holder of CT {@code vmid}. */
    public static String holderName(int vmid) {
        return NAME_PREFIX + vmid;
    }

    /**
     * Moves every storage volume of the stopped container {@code source} (its config
     * {@code config}) to its holder, creating the holder from {@code ostemplate} when there is none.
     * Returns what was kept, one line per volume.
     */
    public List<String> park(ContainerRef source, JsonNode config, Supplier<String> ostemplate) {
        Map<String, String> volumes = ConfigCodec.ownedVolumes(config);
        if (volumes.isEmpty()) {
            return List.of();
        }
        ContainerRef holder = find(source.vmid()).orElseGet(() -> create(source, config, ostemplate.get()));
        if (!holder.node().equals(source.node())) {
            throw new PxciException(ErrorCode.CONFLICT, "cannot keep the volumes of " + source + ": its holder CT "
                    + holder.vmid() + " (" + holderName(source.vmid()) + ") is on node " + holder.node()
                    + ", and volumes move between containers of one node only",
                    "migrate the holder to " + source.node() + " (pct migrate " + holder.vmid() + " " + source.node() + ")");
        }
        JsonNode held = client.get(configPath(holder));
        Set<String> taken = new TreeSet<>();
        held.fieldNames().forEachRemaining(taken::add);
        Map<String, String> targets = new LinkedHashMap<>();
        for (Map.Entry<String, String> volume : volumes.entrySet()) {
            String key = volume.getKey();
            String targetKey = key.startsWith("mp") ? key : freeUnusedKey(taken);
            if (taken.contains(targetKey)) {
                throw new PxciException(ErrorCode.CONFLICT, "cannot keep " + key + " (" + volume.getValue() + ") of "
                        + source + ": its holder CT " + holder.vmid() + " (" + holderName(source.vmid())
                        + ") already keeps a volume in " + key + "; nothing was moved",
                        "take the held volume back first (pct move-volume " + holder.vmid() + " " + key
                                + " --target-vmid <id> --target-volume <slot>) or destroy with the volumes purged");
            }
            taken.add(targetKey);
            targets.put(key, targetKey);
        }
        List<String> kept = new ArrayList<>();
        targets.forEach((key, targetKey) -> {
            move(source, key, holder, targetKey);
            kept.add(key + " (" + volumes.get(key) + ") kept in " + targetKey + " of CT " + holder.vmid() + " ("
                    + holderName(source.vmid()) + ")");
        });
        return kept;
    }

    /**
     * What the holder of a container keeps for it: {@code moves} maps each of the holder's mount
     * slots to the container's slot that gets its volume; and whether the container runs.
     */
    public record Held(ContainerRef holder, Map<Integer, Integer> moves, boolean targetRunning) {
        public Held {
            moves = Map.copyOf(moves);
        }

        /** The container's slots that get a volume back. */
        public Set<Integer> targetSlots() {
            return new TreeSet<>(moves.values());
        }
    }

    /**
     * What the holder of CT {@code vmid} keeps among the mount {@code slots}, each to go back into
     * the same slot (a restored container takes back what it had); empty when there is no holder or
     * it keeps none of them.
     */
    public Optional<Held> held(int vmid, String node, Set<Integer> slots) {
        return slots.isEmpty() ? Optional.empty() : held(vmid, node, kept -> {
            Map<Integer, Integer> moves = new TreeMap<>();
            slots.stream().filter(slot -> kept.containsKey(slot)).forEach(slot -> moves.put(slot, slot));
            return moves;
        });
    }

    /**
     * What the holder of CT {@code vmid} keeps for the declared {@code mounts}, matched by path: the
     * volume the holder keeps at a declared mount's path goes into that mount's slot.
     */
    public Optional<Held> heldFor(int vmid, String node, List<MountPoint> mounts) {
        return mounts.isEmpty() ? Optional.empty() : held(vmid, node, kept -> {
            Map<Integer, Integer> moves = new TreeMap<>();
            for (MountPoint mount : mounts) {
                kept.entrySet().stream().filter(e -> e.getValue().path().equals(mount.path())).findFirst()
                        .ifPresent(e -> moves.put(e.getKey(), mount.slot()));
            }
            return moves;
        });
    }

    /**
     * One cluster listing, plus the holder's config when there is one. A holder on another node
     * than {@code node} is a conflict: volumes move between containers of one node only.
     */
    private Optional<Held> held(int vmid, String node, Function<Map<Integer, MountPoint>, Map<Integer, Integer>> choose) {
        Listed listed = listing(vmid);
        if (listed.holder().isEmpty()) {
            return Optional.empty();
        }
        ClusterResource holder = listed.holder().get();
        String name = holderName(vmid);
        if (!holder.node().equals(node)) {
            throw new PxciException(ErrorCode.CONFLICT, "the volumes kept for CT " + vmid + " are in CT " + holder.vmid()
                    + " (" + name + ") on node " + holder.node() + ", but CT " + vmid + " is to be on " + node,
                    "declare node " + holder.node() + " for CT " + vmid + ", or migrate the holder there (pct migrate "
                            + holder.vmid() + " " + node + ")");
        }
        ContainerRef ref = new ContainerRef(holder.vmid(), holder.node());
        Map<Integer, MountPoint> kept = new TreeMap<>();
        ConfigCodec.slots(client.get(configPath(ref)), "mp")
                .forEach((slot, props) -> ConfigCodec.mount(slot, props).ifPresent(m -> kept.put(slot, m)));
        Map<Integer, Integer> moves = choose.apply(kept);
        return moves.isEmpty() ? Optional.empty() : Optional.of(new Held(ref, moves, listed.targetRunning()));
    }

    /**
     * Moves the mount points in {@code held} back into the stopped container {@code target}, into
     * the slots it names, and destroys the holder when it is left without volumes. Returns what was
     * taken back, one line per volume.
     */
    public List<String> reclaim(ContainerRef target, Held held) {
        List<String> lines = new ArrayList<>();
        held.moves().forEach((from, to) -> {
            move(held.holder(), "mp" + from, target, "mp" + to);
            lines.add("mp" + to + " taken back from CT " + held.holder().vmid() + " (" + holderName(target.vmid()) + ")"
                    + (from.equals(to) ? "" : ", where it was mp" + from));
        });
        if (ConfigCodec.ownedVolumes(client.get(configPath(held.holder()))).isEmpty()) {
            destroy(held.holder());
            lines.add("CT " + held.holder().vmid() + " (" + holderName(target.vmid()) + ") destroyed: it keeps nothing more");
        }
        return lines;
    }

    /**
     * Destroys the holder of CT {@code vmid} together with the volumes it keeps: what a destroy
     * that purges the shares does after the container is gone. Returns the line to report, if
     * there was a holder.
     */
    public Optional<String> purge(int vmid) {
        Optional<ContainerRef> holder = find(vmid);
        holder.ifPresent(this::destroy);
        return holder.map(h -> "CT " + h.vmid() + " (" + holderName(vmid) + ") destroyed with the share volumes it kept");
    }

    private void destroy(ContainerRef holder) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("purge", "1");
        query.put("force", "1");
        Upid task = Upid.parse(client.delete(PveClient.path("nodes", holder.node(), "lxc", holder.vmid()), query,
                Repeat.SAFE).asText());
        tasks.await(task, taskTimeout);
    }

    private Optional<ContainerRef> find(int vmid) {
        return listing(vmid).holder().map(h -> new ContainerRef(h.vmid(), h.node()));
    }

    /** What one cluster listing says about CT {@code vmid}: its holder, and whether it runs. */
    private record Listed(Optional<ClusterResource> holder, boolean targetRunning) {
    }

    private Listed listing(int vmid) {
        String name = holderName(vmid);
        Optional<ClusterResource> holder = Optional.empty();
        boolean targetRunning = false;
        for (JsonNode entry : client.get("/cluster/resources", Map.of("type", "vm"))) {
            Optional<ClusterResource> resource = ClusterResource.from(entry).filter(ClusterResource::isContainer);
            if (resource.isPresent() && resource.get().name().equals(name)) {
                holder = resource;
            } else if (resource.isPresent() && resource.get().vmid() == vmid) {
                targetRunning = resource.get().status().equals("running");
            }
        }
        return new Listed(holder, targetRunning);
    }

    private ContainerRef create(ContainerRef source, JsonNode config, String ostemplate) {
        String rootStorage = ConfigCodec.storageOf(PropertyString.parse(Lenient.text(config, "rootfs").orElse(""),
                "volume").get("volume").orElse("local"));
        MarkedCreate.Started holder = ids.claim(id -> creates.post(source.node(), holderForm(id, source.vmid(), ostemplate,
                rootStorage)));
        creates.await(holder);
        return new ContainerRef(holder.vmid(), holder.node());
    }

    private static Map<String, String> holderForm(int id, int keptFor, String ostemplate, String rootStorage) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", Integer.toString(id));
        form.put("ostemplate", ostemplate);
        form.put("hostname", holderName(keptFor));
        form.put("rootfs", rootStorage + ":1");
        form.put("cores", "1");
        form.put("memory", "64");
        form.put("swap", "0");
        form.put("unprivileged", "1");
        form.put("tags", "pxci;pxci-shares");
        form.put("description", "Keeps the share volumes of CT " + keptFor + ", destroyed by pxci. Never started:"
                + " pxci takes the volumes back when it creates CT " + keptFor + " again.");
        return form;
    }

    private void move(ContainerRef from, String key, ContainerRef to, String targetKey) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("volume", key);
        form.put("target-vmid", Integer.toString(to.vmid()));
        form.put("target-volume", targetKey);
        Upid task = Upid.parse(client.post(PveClient.path("nodes", from.node(), "lxc", from.vmid(), "move_volume"), form,
                Repeat.UNSAFE).asText());
        tasks.await(task, taskTimeout);
    }

    private static String freeUnusedKey(Set<String> taken) {
        int index = 0;
        while (taken.contains("unused" + index)) {
            index++;
        }
        return "unused" + index;
    }

    private static String configPath(ContainerRef container) {
        return PveClient.path("nodes", container.node(), "lxc", container.vmid(), "config");
    }
}
