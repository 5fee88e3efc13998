package dev.pxci.it.lxc;

import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.TaskOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform port for tests of the in-container stages only: it says its containers run
 * processes (the {@link LxcTestContainer} was started by the test), keeps no record of any (the
 * engine's one look for containers someone else made finds none), and refuses every other call,
 * since those stages never make one.
 */
final class OneRunningContainer implements ContainerPlatform {

    @Override
    public PlatformInfo info() {
        return new PlatformInfo("lxc test container", "1", true, List.of());
    }

    @Override
    public List<NodeInfo> nodes() {
        throw refused();
    }

    @Override
    public Map<Integer, ObservedContainer> observe(Set<Integer> vmids) {
        return Map.of();
    }

    @Override
    public List<String> templates(String node) {
        throw refused();
    }

    @Override
    public TaskOutcome create(ContainerSpec spec) {
        throw refused();
    }

    @Override
    public TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision) {
        throw refused();
    }

    @Override
    public TaskOutcome start(ContainerRef container) {
        throw refused();
    }

    @Override
    public TaskOutcome reboot(ContainerRef container) {
        throw refused();
    }

    @Override
    public TaskOutcome destroy(ContainerRef container, DestroyOptions options) {
        throw refused();
    }

    @Override
    public void close() {
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("the in-container stages do not call the platform for this");
    }
}
