package dev.pxci.ports.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where containers live (Proxmox VE, or anything that can act like it). Every mutating method
 * blocks until the platform has finished the work (its task ended) or a deadline passed. Those
 * that name a state are idempotent: {@link #start} of a running container and {@link #destroy} of
 * one that is gone succeed and change nothing. The others are not: the caller decides from what it
 * observed whether to {@link #create} or {@link #reconfigure}.
 * Failures are {@link dev.pxci.ports.PxciException}s with a code the caller can act on.
 * Implementations are thread-safe: many containers may be handled in parallel.
 */
public interface ContainerPlatform extends AutoCloseable {

    /** What the platform is; cheap after the first call. */
    PlatformInfo info();

    /** The cluster's nodes. */
    List<NodeInfo> nodes();

    /**
     * Observes the given containers in one round: one cluster-wide listing, then a config read
     * for each one that exists. Missing ids are absent from the result.
     */
    Map<Integer, ObservedContainer> observe(Set<Integer> vmids);

    /** One container, if it exists anywhere in the cluster. */
    default Optional<ObservedContainer> find(int vmid) {
        return Optional.ofNullable(observe(Set.of(vmid)).get(vmid));
    }

    /** Template volume ids available on a node. */
    List<String> templates(String node);

    /**
     * The template file names {@code node} can download from its appliance index (what
     * {@code pveam available} lists); empty when this platform cannot download templates.
     */
    default List<String> downloadableTemplates(String node) {
        return List.of();
    }

    /**
     * Downloads {@code file} from the node's appliance index onto {@code storage}; the node checks
     * the checksum the index gives. Returns the warnings of the download.
     *
     * @throws dev.pxci.ports.PxciException {@code UNSUPPORTED} when this platform cannot download templates
     */
    default List<String> downloadTemplate(String node, String storage, String file) {
        throw new dev.pxci.ports.PxciException(dev.pxci.ports.ErrorCode.UNSUPPORTED, "this platform cannot download"
                + " templates", "put " + file + " onto storage " + storage + " of node " + node + " by hand, or use a platform that"
                        + " downloads templates");
    }

    /**
     * Creates the container, stopped. An {@link ContainerSpec#ANY_ID} id is allocated; an
     * {@link ContainerSpec#AUTO_NODE} node is chosen. An id that is taken fails with
     * {@code CONFLICT} when the spec named it. Mount-point volumes kept by an earlier
     * {@link #destroy} of the same id are taken back into the slots the spec declares.
     */
    TaskOutcome create(ContainerSpec spec);

    /**
     * What would make {@link #create} of {@code spec} fail and can be told without changing
     * anything: the node, the storages and the content types they take, what the credentials may
     * set, the id. One sentence each, naming the setting and what is accepted; empty when nothing
     * known refuses it. A container of the spec's id does not count as taking the id (a
     * replacement destroys it first). Read-only.
     */
    default List<String> createRefusals(ContainerSpec spec) {
        return List.of();
    }

    /**
     * Backs the container up, config and volumes, so that {@link #restore} can bring it back
     * after it was destroyed. The container is in the same power state afterwards.
     *
     * @throws dev.pxci.ports.PxciException {@code UNSUPPORTED} when this platform cannot back up
     */
    default Backup backup(ContainerRef container) {
        throw new dev.pxci.ports.PxciException(dev.pxci.ports.ErrorCode.UNSUPPORTED, "this platform cannot back up "
                + "containers");
    }

    /**
     * Re-creates the container of {@code backup} (same id, same node, stopped) from it; its id
     * must be free. Mount-point volumes a {@link #destroy} kept are taken back into their slots.
     */
    default TaskOutcome restore(Backup backup) {
        throw new dev.pxci.ports.PxciException(dev.pxci.ports.ErrorCode.UNSUPPORTED, "this platform cannot restore "
                + "containers");
    }

    /** What {@link #reconfigure} can change without re-creating the container; cheap after the first call. */
    default InPlace inPlace() {
        return InPlace.ALL;
    }

    /**
     * Changes the settings of an existing container to {@code desired}, sending only what differs
     * from the config whose revision is {@code expectedRevision}; a concurrent change fails with
     * {@code CONFLICT}. Settings that cannot change in place fail with {@code INVALID_INPUT}.
     */
    TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision);

    /** Starts the container; a running one is left alone. */
    TaskOutcome start(ContainerRef container);

    /** Restarts a running container, which also applies pending changes. */
    TaskOutcome reboot(ContainerRef container);

    /**
     * Destroys the container; one that is already gone is not an error. With
     * {@link DestroyOptions#keepMountVolumes()} the mount-point volumes survive for a later
     * {@link #create} of the same id, or the destroy is refused before anything changes.
     */
    TaskOutcome destroy(ContainerRef container, DestroyOptions options);

    /** Releases connections; the platform object is unusable afterwards. */
    @Override
    void close();
}
