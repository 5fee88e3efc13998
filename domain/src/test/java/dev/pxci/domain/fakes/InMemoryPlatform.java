package dev.pxci.domain.fakes;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Backup;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.InPlace;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Origin;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@code ContainerPlatform} for tests: keeps containers, records every mutating call, fails on request. */
public final class InMemoryPlatform implements ContainerPlatform {
    public final Map<Integer, ObservedContainer> containers = new ConcurrentHashMap<>();
    public final List<String> mutations = Collections.synchronizedList(new ArrayList<>());
    public final Set<Integer> failCreateOf = Collections.synchronizedSet(new HashSet<>());
    public int observeCalls;
    /** Runs at the start of every {@link #observe}, with the number of that call (from 1): a test's way to change the platform between looks. */
    public volatile java.util.function.IntConsumer onObserve = n -> { };
    /** Runs at the start of every {@link #reconfigure}, with the number of that call (from 1): a concurrent writer. */
    public volatile java.util.function.IntConsumer onReconfigure = n -> { };
    private int reconfigureCalls;
    public volatile boolean runsProcesses;
    /** File names the node's appliance index offers for download; none unless a test adds some. */
    public final Set<String> appliances = Collections.synchronizedSet(new java.util.TreeSet<>());
    private final List<String> downloaded = Collections.synchronizedList(new ArrayList<>());
    /** What {@link #createRefusals} answers, by container id. */
    public final Map<Integer, List<String>> refusals = new ConcurrentHashMap<>();
    /** Backups taken, by backup id: the container as it was. */
    public final Map<String, ObservedContainer> backups = new ConcurrentHashMap<>();
    /** Containers whose shares a destroy kept, as the proxmox adapter's holders do. */
    private final Set<Integer> kept = Collections.synchronizedSet(new HashSet<>());

    @Override
    public PlatformInfo info() {
        return new PlatformInfo("fake", "1.0", runsProcesses, List.of());
    }

    /** The cluster's nodes as {@link #nodes} reports them: one roomy node unless a test says otherwise. */
    public volatile List<NodeInfo> nodeList = List.of(new NodeInfo("pve", true, 1L << 34, 8));

    @Override
    public List<NodeInfo> nodes() {
        return nodeList;
    }

    @Override
    public synchronized Map<Integer, ObservedContainer> observe(Set<Integer> vmids) {
        observeCalls++;
        onObserve.accept(observeCalls);
        Map<Integer, ObservedContainer> found = new HashMap<>();
        for (int id : vmids) {
            Optional.ofNullable(containers.get(id)).ifPresent(c -> found.put(id, c));
        }
        return found;
    }

    @Override
    public List<String> templates(String node) {
        List<String> all = new ArrayList<>(List.of("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"));
        all.addAll(downloaded);
        return all;
    }

    @Override
    public List<String> downloadableTemplates(String node) {
        return List.copyOf(appliances);
    }

    @Override
    public List<String> downloadTemplate(String node, String storage, String file) {
        mutations.add("download " + storage + ":vztmpl/" + file);
        downloaded.add(storage + ":vztmpl/" + file);
        return List.of();
    }

    @Override
    public TaskOutcome create(ContainerSpec spec) {
        mutations.add("create " + spec.vmid());
        if (failCreateOf.contains(spec.vmid())) {
            throw new PxciException(ErrorCode.FAILED, "task UPID:pve:1:1:1:vzcreate:" + spec.vmid() + ":root@pam: failed: disk full");
        }
        if (containers.containsKey(spec.vmid())) {
            throw new PxciException(ErrorCode.CONFLICT, "CT " + spec.vmid() + " already exists");
        }
        ContainerRef ref = new ContainerRef(spec.vmid(), spec.node());
        containers.put(spec.vmid(), new ObservedContainer(ref, spec.config(), PowerState.STOPPED, Optional.empty(), "r1", false,
                Origin.PXCI));
        return outcome(ref);
    }

    /** What {@link #inPlace} answers: everything unless a test limits it. */
    public volatile InPlace inPlaceChanges = InPlace.ALL;

    @Override
    public InPlace inPlace() {
        return inPlaceChanges;
    }

    @Override
    public List<String> createRefusals(ContainerSpec spec) {
        return refusals.getOrDefault(spec.vmid(), List.of());
    }

    @Override
    public Backup backup(ContainerRef container) {
        mutations.add("backup " + container.vmid());
        String id = "local:backup/vzdump-lxc-" + container.vmid() + "-" + backups.size() + ".tar.zst";
        backups.put(id, containers.get(container.vmid()));
        return new Backup(container, id, outcome(container));
    }

    @Override
    public TaskOutcome restore(Backup backup) {
        mutations.add("restore " + backup.container().vmid());
        ObservedContainer was = backups.get(backup.id());
        containers.put(was.ref().vmid(), new ObservedContainer(was.ref(), was.config(), PowerState.STOPPED, Optional.empty(),
                "restored", false));
        return outcome(backup.container());
    }

    @Override
    public TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision) {
        mutations.add("reconfigure " + container.vmid());
        onReconfigure.accept(++reconfigureCalls);
        ObservedContainer o = containers.get(container.vmid());
        if (!o.revision().equals(expectedRevision)) {
            throw new PxciException(ErrorCode.CONFLICT, "detected modified configuration");
        }
        containers.put(container.vmid(), new ObservedContainer(container, desired, o.power(), Optional.empty(),
                o.revision() + "'", false, o.origin()));
        return outcome(container);
    }

    @Override
    public TaskOutcome start(ContainerRef container) {
        mutations.add("start " + container.vmid());
        setPower(container, PowerState.RUNNING);
        return outcome(container);
    }

    @Override
    public TaskOutcome reboot(ContainerRef container) {
        mutations.add("reboot " + container.vmid());
        return outcome(container);
    }

    @Override
    public TaskOutcome destroy(ContainerRef container, DestroyOptions options) {
        mutations.add("destroy " + container.vmid() + (options.keepMountVolumes() ? " keep" : " purge"));
        ObservedContainer gone = containers.remove(container.vmid());
        if (options.keepMountVolumes() && gone != null && !gone.config().mounts().isEmpty()) {
            kept.add(container.vmid());
            return new TaskOutcome(container, "", List.of("shares of " + container.vmid() + " kept"), Duration.ZERO);
        }
        if (!options.keepMountVolumes() && kept.remove(container.vmid())) {
            return new TaskOutcome(container, "", List.of("kept shares of " + container.vmid() + " purged"), Duration.ZERO);
        }
        return outcome(container);
    }

    @Override
    public void close() {
    }

    private void setPower(ContainerRef ref, PowerState power) {
        ObservedContainer o = containers.get(ref.vmid());
        containers.put(ref.vmid(), new ObservedContainer(o.ref(), o.config(), power, o.lock(), o.revision(), false,
                o.origin()));
    }

    private static TaskOutcome outcome(ContainerRef ref) {
        return new TaskOutcome(ref, "UPID:pve:00000001:00000001:00000001:task:" + ref.vmid() + ":root@pam:", List.of(),
                Duration.ZERO);
    }
}
