package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.adapter.proxmox.internal.PveClient.Repeat;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.CreationMark;
import dev.pxci.ports.time.Backoff;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.Lenient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container create that is never repeated blindly. Proxmox VE often creates the container even
 * when its answer was a lock timeout or a proxy error, and a repeated create then meets "already
 * exists". So every create carries this run's mark in its {@code description}, and after an answer
 * whose outcome is open the id is looked up before anything is sent again: a container bearing the
 * mark is the one this run asked for and is taken over (its create task is followed); a container
 * without it is someone else's and ends the create naming it; no container means the create did
 * not land and may be sent again (at most {@link Tuning#attempts()} times). Thread-safe.
 */
public final class MarkedCreate {
    private final PveClient client;
    private final TaskWaiter tasks;
    private final String mark;
    private final Duration taskTimeout;

    public MarkedCreate(PveClient client, TaskWaiter tasks, String runId, Duration taskTimeout) {
        this.client = client;
        this.tasks = tasks;
        this.mark = CreationMark.of(runId);
        this.taskTimeout = taskTimeout;
    }

    /** The text that marks what this run creates. */
    public String mark() {
        return mark;
    }

    /** The create sent, or the one an earlier attempt of it started; {@code task} is empty when none is listed. */
    public record Started(int vmid, String node, Optional<Upid> task) {
    }

    /**
     * Sends {@code POST /nodes/{node}/lxc} with {@code form} (which names the {@code vmid}), marked.
     *
     * @throws ApiError the first final answer; {@code CONFLICT} "already exists" when the id was taken by someone else
     */
    public Started post(String node, Map<String, String> form) {
        int vmid = Integer.parseInt(form.get("vmid"));
        Map<String, String> marked = new LinkedHashMap<>(form);
        marked.merge("description", mark, (given, ours) -> given + "\n" + ours);
        String path = PveClient.path("nodes", node, "lxc");
        Tuning tuning = client.tuning();
        Backoff.Wait backoff = client.retries().start(PveClient.WAITING);
        for (int attempt = 1; ; attempt++) {
            ApiError failure;
            try {
                return new Started(vmid, node, Optional.of(Upid.parse(client.post(path, marked, Repeat.NEVER).asText())));
            } catch (ApiError e) {
                failure = e;
            }
            boolean neverSent = failure.code() == ErrorCode.TRANSIENT && failure.nothingSent();
            boolean answeredOpen = failure.status() != 0
                    && (failure.code() == ErrorCode.LOCKED || failure.code() == ErrorCode.TRANSIENT);
            boolean lostAnswer = failure.status() == 0 && failure.code() == ErrorCode.TRANSIENT && !neverSent;
            boolean takenAfterOurs = attempt > 1 && failure.code() == ErrorCode.CONFLICT && failure.says("already exists");
            if (!neverSent) {
                if (!answeredOpen && !lostAnswer && !takenAfterOurs) {
                    throw failure;
                }
                Optional<Started> ours;
                try {
                    ours = lookUp(vmid, failure);
                } catch (ApiError lookUpFailed) {
                    failure.addSuppressed(lookUpFailed);
                    throw failure;
                }
                if (ours.isPresent()) {
                    return ours.get();
                }
                if (lostAnswer || takenAfterOurs) {
                    throw failure;
                }
            }
            if (attempt >= tuning.attempts()) {
                throw failure;
            }
            backoff.pause();
        }
    }

    /** Follows the create to its end; returns its warnings. */
    public List<String> await(Started started) {
        if (started.task().isPresent()) {
            return tasks.await(started.task().get(), taskTimeout);
        }
        return awaitUnlocked(started);
    }

    /** This run's container {@code vmid} if it exists; fails naming the container when it is someone else's. */
    private Optional<Started> lookUp(int vmid, ApiError failure) {
        Optional<ClusterResource> found = Optional.empty();
        for (JsonNode entry : client.get("/cluster/resources", Map.of("type", "vm"))) {
            Optional<ClusterResource> r = ClusterResource.from(entry).filter(c -> c.vmid() == vmid);
            if (r.isPresent()) {
                found = r;
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ClusterResource resource = found.get();
        JsonNode config;
        try {
            config = client.get(configPath(resource.node(), vmid));
        } catch (ApiError e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        boolean ours = resource.isContainer() && Lenient.text(config, "description").map(d -> d.contains(mark)).orElse(false);
        if (!ours) {
            throw new PxciException(ErrorCode.CONFLICT, "the create of CT " + vmid + " was answered '" + failure.remoteText()
                    + "', and id " + vmid + " now belongs to " + (resource.isContainer() ? "CT" : "VM") + " " + vmid + " '"
                    + Lenient.text(config, "hostname").or(() -> Lenient.text(config, "name")).orElse(resource.name())
                    + "' on node " + resource.node() + ", which this run did not create (its description lacks '" + mark
                    + "')", "leave that guest alone: declare another ID, or remove it yourself if it is a leftover");
        }
        return Optional.of(new Started(vmid, resource.node(), createTask(resource.node(), vmid)));
    }

    /** The newest create task of {@code vmid} on {@code node}. */
    private Optional<Upid> createTask(String node, int vmid) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("vmid", Integer.toString(vmid));
        query.put("typefilter", "vzcreate");
        query.put("source", "all");
        query.put("limit", "1");
        for (JsonNode task : client.get(PveClient.path("nodes", node, "tasks"), query)) {
            Optional<String> upid = Lenient.text(task, "upid");
            if (upid.isPresent()) {
                return Optional.of(Upid.parse(upid.get()));
            }
        }
        return Optional.empty();
    }

    /** Without a task to follow, the create is over when its {@code create} lock is gone from the config. */
    private List<String> awaitUnlocked(Started started) {
        Backoff.Wait backoff = Backoff.exponential(client.tuning().pollFirst(), client.tuning().pollMax())
                .start(taskTimeout, PveClient.WAITING);
        while (true) {
            JsonNode config;
            try {
                config = client.get(configPath(started.node(), started.vmid()));
            } catch (ApiError e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    throw new PxciException(ErrorCode.FAILED, "the create of CT " + started.vmid() + " on node "
                            + started.node() + " failed: the container was removed again",
                            "the create's task log on node " + started.node() + " says why (pvenode task list --vmid "
                                    + started.vmid() + ")");
                }
                throw e;
            }
            if (Lenient.text(config, "lock").isEmpty()) {
                return List.of();
            }
            if (backoff.expired()) {
                throw new PxciException(ErrorCode.TIMEOUT, "CT " + started.vmid() + " on node " + started.node()
                        + " was still being created after " + taskTimeout.toSeconds() + "s",
                        "raise proxmox.task-timeout for slow storage");
            }
            backoff.pause();
        }
    }

    private static String configPath(String node, int vmid) {
        return PveClient.path("nodes", node, "lxc", vmid, "config");
    }
}
