package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes what the suite made, and only that: the guests {@link RangeGuard} counts as the suite's
 * (stopped first, destroyed with their volumes), and the backups of its ids that this run's
 * replacement left on the backup storage. A guest still locked by a task (a create a killed run left going)
 * is waited for, polling with backoff for at most {@link #LOCK_WAIT}. Thread-safe.
 */
final class Cleanup {

    static final Duration LOCK_WAIT = Duration.ofMinutes(3);
    private static final Duration TASK_WAIT = Duration.ofMinutes(5);

    private final PveApi api;
    private final RangeGuard guard;
    private final Settings settings;

    Cleanup(PveApi api, RangeGuard guard, Settings settings) {
        this.api = api;
        this.guard = guard;
        this.settings = settings;
    }

    /** Removes the suite's guests and backups; returns one line per thing removed, or that could not be. */
    synchronized List<String> run(Optional<String> backupStorage, long sinceEpoch) {
        List<String> done = new ArrayList<>();
        for (RangeGuard.Guest guest : guard.scan().ours()) {
            try {
                destroy(guest);
                done.add("removed " + guest.describe());
            } catch (PveApi.Failure e) {
                done.add("could not remove " + guest.describe() + ": " + e.getMessage());
            }
        }
        backupStorage.ifPresent(storage -> done.addAll(removeBackups(storage, sinceEpoch)));
        return done;
    }

    private void destroy(RangeGuard.Guest guest) {
        String path = "/nodes/" + guest.node() + "/lxc/" + guest.vmid();
        awaitUnlocked(path);
        if (api.get(path + "/status/current").path("status").asText().equals("running")) {
            requireOk(api.await(api.post(path + "/status/stop").asText(), TASK_WAIT), "stop", guest);
        }
        requireOk(api.await(api.delete(path, "purge", "1", "destroy-unreferenced-disks", "1").asText(), TASK_WAIT),
                "destroy", guest);
    }

    private void awaitUnlocked(String path) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        long pause = 200;
        while (api.get(path + "/config").has("lock")) {
            if (System.nanoTime() > deadline) {
                throw new PveApi.Failure(0, path + " is still locked after " + LOCK_WAIT.toMinutes() + " minutes");
            }
            PveApi.sleep(pause);
            pause = Math.min(pause * 2, 5000);
        }
    }

    /** Backups of the range's ids made since {@code sinceEpoch} (by this run's replacements); older ones are listed, not touched. */
    private List<String> removeBackups(String storage, long sinceEpoch) {
        List<String> done = new ArrayList<>();
        JsonNode content;
        try {
            content = api.get("/nodes/" + settings.node() + "/storage/" + storage + "/content", "content", "backup");
        } catch (PveApi.Failure e) {
            return List.of("could not list the backups on " + storage + ": " + e.getMessage());
        }
        for (JsonNode item : content) {
            String volid = item.path("volid").asText();
            if (!settings.ids().contains(item.path("vmid").asInt())) {
                continue;
            }
            if (item.path("ctime").asLong() < sinceEpoch) {
                done.add("kept backup " + volid + ": older than this run");
                continue;
            }
            try {
                api.await(api.delete("/nodes/" + settings.node() + "/storage/" + storage + "/content/"
                        + PveApi.encode(volid)).asText(), TASK_WAIT);
                done.add("removed backup " + volid);
            } catch (PveApi.Failure e) {
                done.add("could not remove backup " + volid + " (" + e.getMessage() + "): pvesm free " + volid);
            }
        }
        return done;
    }

    private static void requireOk(String exit, String what, RangeGuard.Guest guest) {
        if (!exit.equals("OK") && !exit.startsWith("WARNINGS")) {
            throw new PveApi.Failure(0, "the " + what + " of " + guest.describe() + " ended '" + exit + "'");
        }
    }
}
