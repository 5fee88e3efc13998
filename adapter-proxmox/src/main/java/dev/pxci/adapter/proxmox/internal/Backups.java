package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.adapter.proxmox.internal.PveClient.Repeat;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.proxmox.model.Lenient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Backups through {@code vzdump} and restores through a create with {@code restore=1}. A backup
 * goes to the first active storage of the container's node that takes backups (content
 * {@code backup}), in {@code stop} mode (vzdump stops a running container for a consistent copy
 * and starts it again), compressed with zstd; its volume id is read from the storage's listing.
 * A restore that follows a destroy which kept the share volumes takes them back from their
 * holder, and keeps the copies the backup brought as detached volumes. Thread-safe.
 */
public final class Backups {
    /** Mount-point slots Proxmox VE offers ({@code mp0} to {@code mp255}). */
    private static final Set<Integer> ALL_SLOTS = IntStream.range(0, 256).boxed().collect(Collectors.toSet());

    private final PveClient client;
    private final TaskWaiter tasks;
    private final ShareHolders holders;
    private final Duration taskTimeout;

    public Backups(PveClient client, TaskWaiter tasks, ShareHolders holders, Duration taskTimeout) {
        this.client = client;
        this.tasks = tasks;
        this.holders = holders;
        this.taskTimeout = taskTimeout;
    }

    /** A finished backup: its volume id, its task and the task's warnings. */
    public record Taken(String volume, Upid task, List<String> warnings) {
    }

    public Taken backup(ContainerRef container) {
        String storage = backupStorage(container.node());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", Integer.toString(container.vmid()));
        form.put("storage", storage);
        form.put("mode", "stop");
        form.put("compress", "zstd");
        Upid task = Upid.parse(client.post(PveClient.path("nodes", container.node(), "vzdump"), form, Repeat.UNSAFE).asText());
        List<String> warnings = tasks.await(task, taskTimeout);
        String volume = newestBackup(container, storage, task.startTime()).orElseThrow(() -> new PxciException(
                ErrorCode.FAILED, "backup task " + task + " of " + container + " ended well, but storage '" + storage
                        + "' lists no backup of it made since", "look at the task log: pvenode task log " + task));
        return new Taken(volume, task, warnings);
    }

    /** Restores {@code volume} as CT {@code container}, stopped; returns the restore's task and warnings. */
    public Taken restore(ContainerRef container, String volume) {
        Optional<ShareHolders.Held> held = holders.held(container.vmid(), container.node(), ALL_SLOTS);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vmid", Integer.toString(container.vmid()));
        form.put("ostemplate", volume);
        form.put("restore", "1");
        Upid task = Upid.parse(client.post(PveClient.path("nodes", container.node(), "lxc"), form, Repeat.UNSAFE).asText());
        List<String> warnings = new ArrayList<>(tasks.await(task, taskTimeout));
        if (held.isPresent()) {
            detach(container, held.get().targetSlots(), warnings);
            warnings.addAll(holders.reclaim(container, held.get()));
        }
        return new Taken(volume, task, warnings);
    }

    /** The restored copies of mount points whose kept volumes come back are detached, not lost. */
    private void detach(ContainerRef container, Set<Integer> slots, List<String> warnings) {
        String configPath = PveClient.path("nodes", container.node(), "lxc", container.vmid(), "config");
        JsonNode config = client.get(configPath);
        List<String> restored = slots.stream().map(slot -> "mp" + slot).filter(config::has).toList();
        if (restored.isEmpty()) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("delete", String.join(",", restored));
        form.put("digest", Lenient.text(config, "digest").orElse(""));
        client.put(configPath, form, Repeat.SAFE);
        warnings.add("the backup's copies of " + String.join(", ", restored) + " stay detached (unused volumes) in "
                + container + ": the share volumes kept at the destroy take their slots again");
    }

    private String backupStorage(String node) {
        for (JsonNode storage : client.get(PveClient.path("nodes", node, "storage"), Map.of("content", "backup"))) {
            Optional<String> name = Lenient.text(storage, "storage");
            if (name.isPresent() && Lenient.bool(storage, "active", true) && Lenient.bool(storage, "enabled", true)) {
                return name.get();
            }
        }
        throw new PxciException(ErrorCode.FAILED, "no active storage on node " + node + " takes backups (content 'backup'),"
                + " so a replacement could lose the container", "let a storage hold backups (pvesm set local --content"
                        + " backup,iso,vztmpl), or replace the container by hand");
    }

    private Optional<String> newestBackup(ContainerRef container, String storage, long notBefore) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("content", "backup");
        query.put("vmid", Integer.toString(container.vmid()));
        String newest = null;
        long newestTime = Long.MIN_VALUE;
        for (JsonNode item : client.get(PveClient.path("nodes", container.node(), "storage", storage, "content"), query)) {
            Optional<String> volid = Lenient.text(item, "volid");
            long ctime = Lenient.longValue(item, "ctime", 0);
            if (volid.isPresent() && ctime >= notBefore && ctime > newestTime) {
                newest = volid.get();
                newestTime = ctime;
            }
        }
        return Optional.ofNullable(newest);
    }
}
