package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What stands behind the simulator's containers: the record-only runtime (containers are config
 * files and a power flag, nothing runs) or one that makes each container real. The simulator
 * keeps its API, checks and tasks either way; it calls the runtime from a task's work when the
 * task completes, so a failure here ends that task with {@code TASK ERROR: message}. Calls come
 * one at a time (under the cluster's monitor); implementations need not be thread-safe otherwise.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** A runtime operation that did not succeed; its message becomes the task's error text. */
    final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }

        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the runtime sees of a container: whether it runs, and the memory it uses. */
    record Observation(boolean running, long memoryBytes) {
    }

    /**
     * Whether containers execute processes. The simulator tells its clients through
     * {@code GET /version} (see {@code ClusterReads#version}).
     */
    boolean runsProcesses();

    /** The fixed MAC for a NIC with this address ({@code ip} as in {@code net0}, maybe {@code dhcp}), if the runtime derives one. */
    default Optional<String> macFor(String ip) {
        return Optional.empty();
    }

    /** The size of the runtime's own file of a stock template ({@code local:vztmpl/...}), when it has one. */
    default OptionalLong templateBytes(String volid) {
        return OptionalLong.empty();
    }

    /** Builds a new container from its template; it is stopped afterwards. */
    void create(ContainerSpec spec);

    /** Starts a created container with its current config (hostname, network, limits, mounts). */
    void start(ContainerSpec spec);

    /**
     * Applies a changed config ({@code PUT config}) to a created container: its memory, swap and
     * CPU limits at once when it runs, as PVE does; the rest (network, mount points) at its next start.
     */
    default void reconfigure(ContainerSpec spec) {
    }

    /** Stops a running container: cleanly within {@code timeout}, or at once when it is zero. */
    void stop(int vmid, Duration timeout);

    /** Removes a container and the volumes PVE deletes with it (its own, those it still holds). */
    void destroy(int vmid, List<String> volumes);

    /** A volume handed to another container ({@code move_volume}) under its new name. */
    void moveVolume(String volume, String renamed);

    /** The container's real state, or empty when the runtime keeps none (the record is the truth). */
    Optional<Observation> observe(int vmid);

    /** Releases what the runtime holds for this process; real containers keep running. */
    @Override
    void close();

    /** Containers as records only: nothing runs, nothing is built. */
    static ContainerRuntime recordOnly() {
        return RecordOnlyRuntime.INSTANCE;
    }
}
