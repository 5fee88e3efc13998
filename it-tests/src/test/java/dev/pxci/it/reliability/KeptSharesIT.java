package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.sandbox.pve.PveSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Share volumes survive a destroy that keeps them and come back when the container is created
 * again: the proxmox adapter against the simulator, whose {@code move_volume} renames volumes as
 * Proxmox VE does. A kept volume is recognised by a size no new allocation would have.
 */
class KeptSharesIT {
    private static final Pattern HOLDER = Pattern.compile("kept in mp0 of CT (\\d+) \\(pxci-shares-(\\d+)\\)");
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);

    private PveSimulator sim;
    private ContainerPlatform platform;

    @BeforeEach
    void start() {
        sim = Pve.simulator();
        platform = Pve.platform(sim, Map.of());
    }

    @AfterEach
    void stop() {
        platform.close();
        sim.close();
    }

    @Test
    void aDestroyThatKeepsSharesParksThemInAHolderAndTheNextCreateTakesThemBack() {
        ContainerSpec spec = grownShare(Pve.spec(700, "keeper"), 5);
        platform.start(spec.ref());

        TaskOutcome destroyed = platform.destroy(spec.ref(), DestroyOptions.keepingVolumes(SHUTDOWN, spec.template()));

        assertThat(platform.find(700)).isEmpty();
        int holderId = holderOf(destroyed, 700);
        ObservedContainer holder = platform.find(holderId).orElseThrow();
        assertThat(holder.config().hostname()).isEqualTo("pxci-shares-700");
        assertThat(holder.power()).isEqualTo(PowerState.STOPPED);
        assertThat(holder.config().mounts()).containsExactly(new MountPoint(0, "local-lvm", 5, "/share", true));

        TaskOutcome recreated = platform.create(spec);

        ObservedContainer back = platform.find(700).orElseThrow();
        assertThat(back.config().mounts()).containsExactly(new MountPoint(0, "local-lvm", 5, "/share", true));
        assertThat(Pve.call(sim, "GET", "/nodes/pve/tasks/" + recreated.taskId() + "/log", Map.of()))
                .as("the create allocated the root disk only").containsOnlyOnce("created.").contains("vm-700-disk-0");
        assertThat(recreated.warnings()).anySatisfy(w -> assertThat(w).contains("mp0 taken back from CT " + holderId));
        assertThat(platform.find(holderId)).as("an empty holder is removed").isEmpty();
    }

    @Test
    void aContainerCreatedWithoutItsShareTakesItBackWhenTheShareIsAddedLater() {
        ContainerSpec spec = grownShare(Pve.spec(710, "later"), 6);
        int holderId = holderOf(platform.destroy(spec.ref(), DestroyOptions.keepingVolumes(SHUTDOWN, spec.template())), 710);

        ContainerSpec bare = spec.withConfig(withShares(spec.config(), List.of()));
        platform.create(bare);
        assertThat(platform.find(holderId)).as("nothing declared to take back").isPresent();

        ObservedContainer created = platform.find(710).orElseThrow();
        platform.reconfigure(created.ref(), spec.config(), created.revision());

        assertThat(platform.find(710).orElseThrow().config().mounts())
                .containsExactly(new MountPoint(0, "local-lvm", 6, "/share", true));
        assertThat(platform.find(holderId)).isEmpty();
    }

    @Test
    void aDestroyThatPurgesAfterOneThatKeptRemovesTheHolderWithTheKeptVolumes() {
        ContainerSpec spec = Pve.spec(730, "dropped");
        platform.create(spec);
        int holderId = holderOf(platform.destroy(spec.ref(), DestroyOptions.keepingVolumes(SHUTDOWN, spec.template())), 730);

        TaskOutcome purged = platform.destroy(spec.ref(), DestroyOptions.purging(SHUTDOWN));

        assertThat(purged.taskId()).as("the container was gone already").isEmpty();
        assertThat(purged.warnings()).containsExactly("CT " + holderId + " (pxci-shares-730) destroyed with the share volumes"
                + " it kept");
        assertThat(platform.find(holderId)).isEmpty();
        assertThat(Pve.call(sim, "GET", "/nodes/pve/storage/local-lvm/content", Map.of())).doesNotContain("vm-" + holderId + "-");
        assertThat(platform.destroy(spec.ref(), DestroyOptions.purging(SHUTDOWN)).warnings()).isEmpty();
    }

    @Test
    void aDestroyThatPurgesLeavesNoHolderBehind() {
        ContainerSpec spec = Pve.spec(720, "purged");
        platform.create(spec);
        long before = sim.requestCounts().getOrDefault("POST", 0L);

        TaskOutcome destroyed = platform.destroy(spec.ref(), DestroyOptions.purging(SHUTDOWN));

        assertThat(destroyed.warnings()).noneMatch(w -> w.contains("kept"));
        assertThat(sim.requestCounts().getOrDefault("POST", 0L)).as("no holder created, no volume moved").isEqualTo(before);
        TaskOutcome recreated = platform.create(spec);
        assertThat(recreated.warnings()).noneMatch(w -> w.contains("taken back"));
        assertThat(platform.find(720).orElseThrow().config().mounts())
                .containsExactly(new MountPoint(0, "local-lvm", 2, "/share", true));
    }

    /** Creates {@code spec} (a 2 GiB share) and grows the share to {@code gib}: the spec from then on. */
    private ContainerSpec grownShare(ContainerSpec spec, int gib) {
        platform.create(spec);
        ContainerSpec grown = spec.withConfig(withShares(spec.config(), List.of(new MountPoint(0, "local-lvm", gib, "/share",
                true))));
        ObservedContainer observed = platform.find(spec.vmid()).orElseThrow();
        platform.reconfigure(observed.ref(), grown.config(), observed.revision());
        return grown;
    }

    private static ContainerConfig withShares(ContainerConfig c, List<MountPoint> shares) {
        return new ContainerConfig(c.hostname(), c.cores(), c.memoryMiB(), c.swapMiB(), c.rootDisk(), shares, c.networks(),
                c.features(), c.unprivileged(), c.tags(), c.onboot(), c.startup());
    }

    private static int holderOf(TaskOutcome destroyed, int vmid) {
        Matcher matcher = destroyed.warnings().stream().map(HOLDER::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no kept volume reported: " + destroyed.warnings()));
        assertThat(matcher.group(2)).isEqualTo(Integer.toString(vmid));
        return Integer.parseInt(matcher.group(1));
    }
    private static dev.pxci.domain.config.Deployment declared(String mount) {
        return dev.pxci.domain.config.DeploymentLoader.single(new dev.pxci.domain.config.SourceText("ct.env",
                "ID=720\nHOSTNAME=shares\nIP=10.9.0.20/24\nNODE=pve\nMOUNT=" + mount + "\n"));
    }

    /** The volume mounted at {@code path} in CT 720's raw config, or empty. */
    private String volumeAt(String path) {
        Matcher m = Pattern.compile("\"mp\\d+\":\"([^,\"]+),mp=" + Pattern.quote(path) + "[,\"]")
                .matcher(Pve.call(sim, "GET", "/nodes/pve/lxc/720/config", Map.of()));
        return m.find() ? m.group(1) : "";
    }

    @Test
    void aShareDroppedAndDeclaredAgainGetsItsVolumeBackAndTheOtherShareStaysWhereItIs() {
        dev.pxci.domain.Engine engine = dev.pxci.domain.Pxci.builder().platform(platform).build();
        assertThat(engine.apply(declared("share:2,data:1"), List.of()).succeeded()).isTrue();
        String share = volumeAt("/share");
        String data = volumeAt("/share/data");
        assertThat(share).isNotEmpty().isNotEqualTo(data);

        var dropped = engine.apply(declared("data:1"), List.of());
        assertThat(dropped.succeeded()).as(dropped.failure().orElse("")).isTrue();
        assertThat(volumeAt("/share/data")).as("the second share keeps its volume and its path").isEqualTo(data);
        assertThat(volumeAt("/share")).isEmpty();
        assertThat(Pve.call(sim, "GET", "/nodes/pve/lxc/720/config", Map.of())).contains("\"" + share + "\"",
                "pxci kept /share " + share + " 2G");
        assertThat(engine.plan(declared("data:1"), List.of()).stages().get(0).changes()).isEmpty();

        var back = engine.apply(declared("share:3,data:1"), List.of());
        assertThat(back.succeeded()).as(back.failure().orElse("")).isTrue();
        assertThat(volumeAt("/share")).as("the same volume, not a new empty one").isEqualTo(share);
        assertThat(volumeAt("/share/data")).isEqualTo(data);
        ObservedContainer after = platform.find(720).orElseThrow();
        assertThat(after.config().mounts()).extracting(MountPoint::path, MountPoint::sizeGiB)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/share", 3),
                        org.assertj.core.groups.Tuple.tuple("/share/data", 1));
        String config = Pve.call(sim, "GET", "/nodes/pve/lxc/720/config", Map.of());
        assertThat(config).doesNotContain("unused", "pxci kept");
        assertThat(engine.plan(declared("share:3,data:1"), List.of()).stages().get(0).changes()).isEmpty();
    }
}
