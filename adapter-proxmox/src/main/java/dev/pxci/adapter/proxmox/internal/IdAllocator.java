package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.Lenient;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * Container ids. {@code /cluster/nextid} is advisory (nothing is reserved), so the id is claimed
 * by the create or clone call itself: candidates are tried one after another while this process
 * holds a lock (so its own parallel creates never race each other), and an "already exists"
 * answer moves on to the next candidate. With an id range, candidates come from the range minus
 * the ids the cluster listing shows. Thread-safe.
 */
public final class IdAllocator {
    private final PveClient client;
    private final Optional<IdRange> range;
    private final int attempts;
    private final ReentrantLock claimLock = new ReentrantLock();
    private final Set<Integer> seenTaken = ConcurrentHashMap.newKeySet();

    public IdAllocator(PveClient client, Optional<IdRange> range, int attempts) {
        this.client = client;
        this.range = range;
        this.attempts = attempts;
    }

    /**
     * Runs {@code claim} (the create or clone call, returning once the id is taken) with fresh
     * candidates until one is not "already exists"; other failures end the loop.
     */
    public <T> T claim(IntFunction<T> claim) {
        claimLock.lock();
        try {
            PxciException last = null;
            for (int i = 0; i < attempts; i++) {
                int id = candidate();
                try {
                    return claim.apply(id);
                } catch (ApiError e) {
                    if (e.code() != ErrorCode.CONFLICT || !e.says("already exists")) {
                        throw e;
                    }
                    seenTaken.add(id);
                    last = e;
                }
            }
            throw new PxciException(ErrorCode.CONFLICT, "no free container id after " + attempts
                    + " tries: others claimed every candidate first (last: " + last.getMessage() + ")",
                    "retry, or set proxmox.id-range to a range this pipeline owns");
        } finally {
            claimLock.unlock();
        }
    }

    private int candidate() {
        return range.isPresent() ? fromRange(range.get()) : fromNextId();
    }

    private int fromRange(IdRange ids) {
        Set<Integer> used = new HashSet<>(seenTaken);
        JsonNode listing = client.get("/cluster/resources", Map.of("type", "vm"));
        for (JsonNode entry : listing) {
            ClusterResource.from(entry).ifPresent(r -> used.add(r.vmid()));
        }
        for (long id = ids.first(); id <= ids.last(); id++) {
            if (!used.contains((int) id)) {
                return (int) id;
            }
        }
        throw new PxciException(ErrorCode.CONFLICT, "no free container id in " + ProxmoxSettings.ID_RANGE + " " + ids,
                "widen the range or destroy containers that are no longer needed");
    }

    private int fromNextId() {
        int id = asId(client.get("/cluster/nextid"));
        while (seenTaken.contains(id)) {
            int probe = id + 1;
            try {
                id = asId(client.get("/cluster/nextid", Map.of("vmid", Integer.toString(probe))));
            } catch (ApiError e) {
                if (!e.says("already exists")) {
                    throw e;
                }
                seenTaken.add(probe);
                id = probe;
            }
        }
        return id;
    }

    private static int asId(JsonNode data) {
        return (int) Lenient.longValue(data).orElseThrow(() -> new PxciException(ErrorCode.FAILED,
                "Proxmox VE answered '" + data + "' to GET /cluster/nextid, which is not an id"));
    }
}
