package org.example.pxci;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster of one node whose containers are records in memory: they run no processes (the
 * platform says so, and pxci skips the stages that need a shell inside a container) and are gone
 * when the run ends. Synchronised as a whole: pxci works on several containers at once.
 */
final class ExamplePlatform implements ContainerPlatform {
    static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    private final String node;
    private final Map<Integer, ObservedContainer> containers = new HashMap<>();
    private final AtomicLong tasks = new AtomicLong();

    ExamplePlatform(String node) {
        this.node = node;
    }

    @Override
    public PlatformInfo info() {
        return new PlatformInfo("pxci example platform", "1.0", false, List.of());
    }

    @Override
    public List<NodeInfo> nodes() {
        return List.of(new NodeInfo(node, true, 8L << 30, 4));
    }

    @Override
    public synchronized Map<Integer, ObservedContainer> observe(Set<Integer> vmids) {
        Map<Integer, ObservedContainer> found = new HashMap<>();
        vmids.forEach(id -> Optional.ofNullable(containers.get(id)).ifPresent(c -> found.put(id, c)));
        return found;
    }

    @Override
    public List<String> templates(String onNode) {
        return onNode.equals(node) ? List.of(TEMPLATE) : List.of();
    }

    private int freeId() {
        int id = 100;
        while (containers.containsKey(id)) {
            id++;
        }
        return id;
    }

    @Override
    public synchronized TaskOutcome create(ContainerSpec spec) {
        int id = spec.vmid() == ContainerSpec.ANY_ID ? freeId() : spec.vmid();
        if (containers.containsKey(id)) {
            throw new PxciException(ErrorCode.CONFLICT, "CT " + id + " already exists");
        }
        String onNode = spec.node().equals(ContainerSpec.AUTO_NODE) ? node : spec.node();
        if (!onNode.equals(node)) {
            throw new PxciException(ErrorCode.NOT_FOUND, "no node " + onNode + " in the example cluster",
                    "the example cluster has one node: " + node);
        }
        ContainerRef ref = new ContainerRef(id, node);
        containers.put(id, new ObservedContainer(ref, spec.config(), PowerState.STOPPED, Optional.empty(), "1", false));
        return done(ref, "vzcreate");
    }

    @Override
    public synchronized TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision) {
        ObservedContainer now = existing(container);
        if (!now.revision().equals(expectedRevision)) {
            throw new PxciException(ErrorCode.CONFLICT, "CT " + container.vmid() + " was changed since it was read");
        }
        String revision = Integer.toString(Integer.parseInt(now.revision()) + 1);
        containers.put(container.vmid(), new ObservedContainer(now.ref(), desired, now.power(), Optional.empty(), revision, false));
        return done(container, "vzset");
    }

    @Override
    public synchronized TaskOutcome start(ContainerRef container) {
        return power(container, PowerState.RUNNING, "vzstart");
    }

    @Override
    public synchronized TaskOutcome reboot(ContainerRef container) {
        existing(container);
        return done(container, "vzreboot");
    }

    @Override
    public synchronized TaskOutcome destroy(ContainerRef container, DestroyOptions options) {
        ObservedContainer gone = containers.get(container.vmid());
        if (gone != null && options.keepMountVolumes() && !gone.config().mounts().isEmpty()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "the example platform cannot keep the shares of CT "
                    + container.vmid(), "destroy it with --purge-shares");
        }
        containers.remove(container.vmid());
        return done(container, "vzdestroy");
    }

    @Override
    public void close() {
    }

    private ObservedContainer existing(ContainerRef container) {
        ObservedContainer found = containers.get(container.vmid());
        if (found == null) {
            throw new PxciException(ErrorCode.NOT_FOUND, "CT " + container.vmid() + " does not exist");
        }
        return found;
    }

    private TaskOutcome power(ContainerRef container, PowerState power, String task) {
        ObservedContainer now = existing(container);
        containers.put(container.vmid(), new ObservedContainer(now.ref(), now.config(), power, now.lock(), now.revision(), false));
        return done(container, task);
    }

    private TaskOutcome done(ContainerRef ref, String task) {
        return new TaskOutcome(ref, "example:" + tasks.incrementAndGet() + ":" + task + ":" + ref.vmid(), List.of(), Duration.ZERO);
    }
}
