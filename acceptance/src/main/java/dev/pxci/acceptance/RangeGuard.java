package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who holds the ids of the suite's range. The suite's own containers carry the tag
 * {@value #TAG} (set at create, through {@code TAGS}); the holders pxci makes for their shares
 * ({@code pxci-shares-N}, tag {@code pxci-shares}) count as the suite's when {@code N} is in the
 * range too. Anything else there is foreign, and so is an id that {@code /cluster/nextid} says is
 * taken although the token may not see the guest.
 */
final class RangeGuard {

    static final String TAG = "pxci-acceptance";

    /** A guest on an id of the range. */
    record Guest(int vmid, String node, String name, String type, String tags, boolean visible) {
        String describe() {
            return visible ? ("qemu".equals(type) ? "VM " : "CT ") + vmid + " '" + name + "' on node " + node
                    + " (tags: " + (tags.isEmpty() ? "none" : tags) + ")"
                    : "id " + vmid + " (taken, but the token may not see that guest: VM.Audit on /vms/" + vmid + ")";
        }
    }

    /** The guests in the range, split into the suite's and the others. */
    record Scan(List<Guest> ours, List<Guest> foreign) {
    }

    private final PveApi api;
    private final Settings.IdRange ids;

    RangeGuard(PveApi api, Settings.IdRange ids) {
        this.api = api;
        this.ids = ids;
    }

    /**
     * The guests of the range once none of them is still being created: a container under its
     * {@code create} lock shows no tags yet (Proxmox VE writes the config at the end of the create),
     * so it is waited for, polling with backoff for at most {@link Cleanup#LOCK_WAIT}, and judged
     * foreign if it never settles.
     */
    Scan scan() {
        long deadline = System.nanoTime() + Cleanup.LOCK_WAIT.toNanos();
        long pause = 100;
        while (true) {
            Listing listing = list();
            if (!listing.creating() || System.nanoTime() > deadline) {
                return listing.scan();
            }
            PveApi.sleep(pause);
            pause = Math.min(pause * 2, 5000);
        }
    }

    private record Listing(Scan scan, boolean creating) {
    }

    private Listing list() {
        boolean creating = false;
        List<Guest> ours = new ArrayList<>();
        List<Guest> foreign = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (JsonNode entry : api.get("/cluster/resources", "type", "vm")) {
            int vmid = entry.path("vmid").asInt();
            if (!ids.contains(vmid)) {
                continue;
            }
            seen.add(vmid);
            Guest guest = new Guest(vmid, entry.path("node").asText(), entry.path("name").asText(),
                    entry.path("type").asText(), entry.path("tags").asText(""), true);
            boolean mine = isOurs(guest);
            creating |= !mine && entry.path("lock").asText("").equals("create");
            (mine ? ours : foreign).add(guest);
        }
        for (int vmid = ids.first(); vmid <= ids.last(); vmid++) {
            if (!seen.contains(vmid) && taken(vmid)) {
                foreign.add(new Guest(vmid, "?", "?", "?", "", false));
            }
        }
        return new Listing(new Scan(List.copyOf(ours), List.copyOf(foreign)), creating);
    }

    private boolean isOurs(Guest guest) {
        if (!"lxc".equals(guest.type())) {
            return false;
        }
        Set<String> tags = Set.of(guest.tags().split("[;,\\s]+"));
        if (tags.contains(TAG)) {
            return true;
        }
        String prefix = "pxci-shares-";
        if (tags.contains("pxci-shares") && guest.name().startsWith(prefix)) {
            String keptFor = guest.name().substring(prefix.length());
            return keptFor.matches("\\d{3,9}") && ids.contains(Integer.parseInt(keptFor));
        }
        return false;
    }

    /** {@code GET /cluster/nextid?vmid=N} refuses an id that any guest holds, whether the token may see it or not. */
    private boolean taken(int vmid) {
        try {
            api.get("/cluster/nextid", "vmid", Integer.toString(vmid));
            return false;
        } catch (PveApi.Failure e) {
            if (e.status() == 400) {
                return true;
            }
            throw e;
        }
    }
}
