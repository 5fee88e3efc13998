package dev.pxci.proxmox.model;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NetworkInterface ETH0 = new NetworkInterface(0, "eth0", "vmbr0", "10.0.0.5/24",
            Optional.of("10.0.0.1"), OptionalInt.empty(), true);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String OBSERVED = """
            {"hostname":"ci","cores":"2","memory":1024,"swap":512,"unprivileged":1,"onboot":1,
             "rootfs":"local-lvm:vm-101-disk-0,size=8G",
             "mp0":"local-lvm:vm-101-disk-1,mp=/share,backup=1,size=16G",
             "mp1":"/srv/host,mp=/host",
             "net0":"name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth,mtu=1400",
             "features":"nesting=1,force_rw_sys=1","tags":"web;ci","startup":"2,up=30","digest":"d1"}""";

    private static ContainerConfig observedAsConfig() {
        return new ContainerConfig("ci", 2, 1024, 512, new RootDisk("local-lvm", 8),
                List.of(new MountPoint(0, "local-lvm", 16, "/share", true)), List.of(ETH0),
                new Features(true, false, false, false, List.of()), true, List.of("ci", "web"), true,
                Optional.of(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty())));
    }

    @Test
    void decodeReadsPropertyStringsAndSkipsBindMounts() {
        assertThat(ConfigCodec.decode(101, json(OBSERVED), Optional.empty())).isEqualTo(observedAsConfig());
    }

    @Test
    void numbersSentAsTextAndInnerListsAreRead() {
        ContainerConfig decoded = ConfigCodec.decode(254, json("""
                {"hostname":"ci","cores":4,"memory":"6192","swap":1024,"rootfs":"local-lvm:vm-254-disk-0,size=16G",
                 "net0":"name=eth0,bridge=vmbr0,gw=192.168.178.1,ip=192.168.178.254/24,tag=20,type=veth",
                 "features":"nesting=1,mount=nfs;cifs","startup":"order=2,up=30"}"""), Optional.empty());
        assertThat(decoded.memoryMiB()).isEqualTo(6192);
        assertThat(decoded.networks()).containsExactly(new NetworkInterface(0, "eth0", "vmbr0", "192.168.178.254/24",
                Optional.of("192.168.178.1"), OptionalInt.of(20), false));
        assertThat(decoded.features()).isEqualTo(new Features(true, false, false, false, List.of("nfs", "cifs")));
        assertThat(decoded.startup()).contains(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty()));
    }

    @Test
    void aValueThatIsNoNumberMakesTheConfigUnreadableNamingTheContainer() {
        for (String config : List.of("{\"cores\":\"many\"}", "{\"net0\":\"name=eth0,bridge=vmbr0,tag=abc\"}",
                "{\"net0\":\"name=eth0,bridge=vmbr0,tag=5000\"}", "{\"startup\":\"order=first\"}")) {
            assertThatThrownBy(() -> ConfigCodec.decode(300, json(config), Optional.empty()))
                    .as(config)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                        assertThat(e.getMessage()).contains("CT 300");
                    });
        }
        assertThatThrownBy(() -> ConfigCodec.decode(300, json("{\"net0\":\"name=eth0,tag=abc\"}"), Optional.empty()))
                .hasMessageContaining("net0 tag is 'abc'");
    }

    @Test
    void pendingChangesAndOwnedVolumesAreRecognised() {
        assertThat(ConfigCodec.pendingKeys(json("""
                [{"key":"memory","value":512,"pending":1024},{"key":"mp1","value":"x","delete":1},
                 {"key":"cores","value":2},{"key":"swap","value":512,"delete":0}]"""))).containsExactly("memory", "mp1");
        assertThat(ConfigCodec.pendingKeys(json("[{\"key\":\"memory\",\"value\":512}]"))).isEmpty();
        assertThat(ConfigCodec.ownedVolumes(json("""
                {"mp0":"local-lvm:vm-9-disk-1,mp=/share,size=4G","mp1":"/srv,mp=/srv","unused0":"local-lvm:vm-9-disk-2",
                 "rootfs":"local-lvm:vm-9-disk-0,size=8G"}"""))).containsExactly(
                entry("mp0", "local-lvm:vm-9-disk-1"), entry("unused0", "local-lvm:vm-9-disk-2"));
    }

    @Test
    void thePendingListReadsAsTheConfigWithItsPendingValuesAndTellsWhatWaitsForARestart() {
        JsonNode pending = json("""
                [{"key":"digest","value":"d7"},{"key":"hostname","value":"ci"},{"key":"cores","value":2,"pending":4},
                 {"key":"onboot","value":1,"delete":1},{"key":"tags","pending":"web"},{"key":"memory","value":"1024"}]""");
        assertThat(ConfigCodec.pendingConfig(pending)).isEqualTo(json("""
                {"digest":"d7","hostname":"ci","cores":4,"tags":"web","memory":"1024"}"""));
        assertThat(ConfigCodec.pendingKeys(pending)).containsExactly("cores", "onboot", "tags");
        ContainerConfig decoded = ConfigCodec.decode(101, ConfigCodec.pendingConfig(pending), Optional.empty());
        assertThat(decoded.cores()).isEqualTo(4);
        assertThat(decoded.onboot()).isFalse();
        assertThat(decoded.tags()).containsExactly("web");
    }

    @Test
    void absentValuesAreProxmoxEffectiveDefaults() {
        ClusterResource listed = new ClusterResource(101, "lxc", "pve", "from-listing", "stopped", Optional.empty(), 4,
                10L * 1024 * 1024 * 1024, false);
        ContainerConfig config = ConfigCodec.decode(101, json("{\"rootfs\":\"local-lvm:vm-101-disk-0\"}"), Optional.of(listed));
        assertThat(config.hostname()).isEqualTo("from-listing");
        assertThat(config.cores()).isEqualTo(4);
        assertThat(config.memoryMiB()).isEqualTo(512);
        assertThat(config.swapMiB()).isEqualTo(512);
        assertThat(config.rootDisk()).isEqualTo(new RootDisk("local-lvm", 10));
        assertThat(config.unprivileged()).isFalse();
        assertThat(config.onboot()).isFalse();
        assertThat(config.features()).isEqualTo(Features.NONE);
        assertThat(config.startup()).isEmpty();
        assertThat(ConfigCodec.decode(7, json("{}"), Optional.empty()).hostname()).isEqualTo("CT7");
        assertThat(ConfigCodec.decode(7, json("{}"), Optional.empty()).cores()).isEqualTo(1);
    }

    @Test
    void sizesAreRoundedUpToWholeGiB() {
        assertThat(ConfigCodec.sizeGiB("32G")).hasValue(32);
        assertThat(ConfigCodec.sizeGiB("512M")).hasValue(1);
        assertThat(ConfigCodec.sizeGiB("1T")).hasValue(1024);
        assertThat(ConfigCodec.sizeGiB("1.5G")).hasValue(2);
        assertThat(ConfigCodec.sizeGiB("10737418240")).hasValue(10);
        assertThat(ConfigCodec.sizeGiB("big")).isEmpty();
    }

    @Test
    void sameConfigPlansNothing() {
        assertThat(ConfigCodec.plan(101, json(OBSERVED), observedAsConfig()).isEmpty()).isTrue();
    }

    @Test
    void tagOrderDoesNotMatter() {
        ContainerConfig reordered = new ContainerConfig("ci", 2, 1024, 512, new RootDisk("local-lvm", 8),
                List.of(new MountPoint(0, "local-lvm", 16, "/share", true)), List.of(ETH0),
                new Features(true, false, false, false, List.of()), true, List.of("web", "CI"), true,
                Optional.of(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty())));
        assertThat(ConfigCodec.plan(101, json(OBSERVED), reordered).isEmpty()).isTrue();
    }

    @Test
    void removalsBecomeDeleteAndUnmodelledKeysSurviveChanges() {
        ContainerConfig desired = new ContainerConfig("ci", 2, 1024, 512, new RootDisk("local-lvm", 8), List.of(),
                List.of(new NetworkInterface(0, "eth0", "vmbr1", "10.0.0.5/24", Optional.of("10.0.0.1"), OptionalInt.of(30), true)),
                Features.NONE, true, List.of(), false, Optional.empty());
        ConfigPlan plan = ConfigCodec.plan(101, json(OBSERVED), desired);
        assertThat(plan.set()).containsOnly(
                entry("net0", "name=eth0,bridge=vmbr1,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth,"
                        + "mtu=1400,tag=30"),
                entry("features", "force_rw_sys=1"),
                entry("description", "pxci kept /share local-lvm:vm-101-disk-1 16G"));
        assertThat(plan.delete()).containsExactlyInAnyOrder("mp0", "tags", "onboot", "startup");
        assertThat(plan.unwritable()).isEmpty();
        assertThat(plan.featuresChange()).isTrue();
    }

    @Test
    void backupChangesInPlaceKeepingTheVolumeAndGrowthIsAResize() {
        ConfigPlan plan = ConfigCodec.plan(101, json(OBSERVED), withMount(new MountPoint(0, "local-lvm", 20, "/share", false)));
        assertThat(plan.set()).containsOnly(entry("mp0", "local-lvm:vm-101-disk-1,mp=/share,size=16G"));
        assertThat(plan.resizes()).containsExactly(new ConfigPlan.Resize("mp0", 20));
    }

    @Test
    void aMountAtAnotherPathIsAnotherShare() {
        ConfigPlan plan = ConfigCodec.plan(101, json(OBSERVED), withMount(new MountPoint(0, "local-lvm", 20, "/data", false)));
        assertThat(plan.delete()).containsExactly("mp0");
        assertThat(plan.set()).as("mp0 goes in the same PUT and mp1 is a bind mount: the next free slot")
                .containsOnly(entry("mp2", "local-lvm:20,mp=/data"),
                        entry("description", "pxci kept /share local-lvm:vm-101-disk-1 16G"));
    }

    @Test
    void slotsFollowPathsSoDroppingTheFirstShareLeavesTheSecondWhereItIs() {
        String two = OBSERVED.replace("\"mp1\":\"/srv/host,mp=/host\"", "\"mp1\":\"local-lvm:vm-101-disk-2,mp=/share/data,size=4G\"");
        ConfigPlan plan = ConfigCodec.plan(101, json(two), withMount(new MountPoint(0, "local-lvm", 4, "/share/data", false)));
        assertThat(plan.delete()).containsExactly("mp0");
        assertThat(plan.set()).containsOnly(entry("description", "pxci kept /share local-lvm:vm-101-disk-1 16G"));
        assertThat(plan.resizes()).isEmpty();
    }

    @Test
    void aShareDeclaredAgainGetsItsKeptVolumeBackAndTheOtherDescriptionLinesStay() {
        String detached = OBSERVED.replace("\"mp0\":\"local-lvm:vm-101-disk-1,mp=/share,backup=1,size=16G\"",
                "\"unused0\":\"local-lvm:vm-101-disk-1\",\"description\":\"the CI box\\npxci run 1-2\\n"
                        + "pxci kept /share local-lvm:vm-101-disk-1 16G\\npxci kept /old local-lvm:vm-101-disk-9 2G\"");
        ConfigPlan plan = ConfigCodec.plan(101, json(detached), withMount(new MountPoint(0, "local-lvm", 24, "/share", true)));
        assertThat(plan.set()).as("the note of a volume the container no longer has goes too").containsOnly(
                entry("mp0", "local-lvm:vm-101-disk-1,mp=/share,size=16G,backup=1"),
                entry("description", "the CI box\npxci run 1-2"));
        assertThat(plan.resizes()).containsExactly(new ConfigPlan.Resize("mp0", 24));
        assertThat(plan.unwritable()).isEmpty();

        ConfigPlan smaller = ConfigCodec.plan(101, json(detached), withMount(new MountPoint(0, "local-lvm", 8, "/share", true)));
        assertThat(smaller.unwritable()).containsExactly("mp0: the volume kept for /share (local-lvm:vm-101-disk-1) is 16G,"
                + " more than 8G (disks cannot shrink)");
    }

    @Test
    void whatNoWriteToTheContainerExpressesIsUnwritable() {
        ContainerConfig desired = new ContainerConfig("ci", 2, 1024, 512, new RootDisk("ceph", 4),
                List.of(new MountPoint(0, "nfs", 16, "/share", true)), List.of(ETH0),
                new Features(true, false, false, false, List.of()), false, List.of("ci", "web"), true,
                Optional.of(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty())));
        assertThat(ConfigCodec.plan(101, json(OBSERVED), desired).unwritable()).containsExactly(
                "unprivileged 1 -> 0 (fixed at creation)",
                "rootfs storage local-lvm -> ceph (fixed at creation)",
                "mp0 storage local-lvm -> nfs (a volume cannot change storage in place)");
        assertThat(ConfigCodec.plan(101, json(OBSERVED), withMount(new MountPoint(0, "local-lvm", 8, "/share", true))).unwritable())
                .containsExactly("mp0 16G -> 8G (disks cannot shrink)");
    }

    @Test
    void newSlotsAllocateVolumesAndAMissingCoreCountIsPinned() {
        ContainerConfig desired = new ContainerConfig("ci", 1, 512, 512, new RootDisk("local-lvm", 8),
                List.of(new MountPoint(2, "local-lvm", 4, "/logs", false)), List.of(), Features.NONE, false, List.of(), false,
                Optional.empty());
        ConfigPlan plan = ConfigCodec.plan(101, json("{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\"}"),
                desired);
        assertThat(plan.set()).containsOnly(entry("cores", "1"), entry("mp2", "local-lvm:4,mp=/logs"));
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void rootOnlyReasonsFollowTheTokenLimits() {
        assertThat(ConfigCodec.rootOnlyReason(observedAsConfig())).isEmpty();
        assertThat(ConfigCodec.rootOnlyReason(withFeatures(new Features(false, false, true, false, List.of()), true)))
                .get().asString().contains("other than nesting");
        assertThat(ConfigCodec.rootOnlyReason(withFeatures(new Features(true, false, false, false, List.of()), false)))
                .get().asString().contains("privileged container");
        assertThat(ConfigCodec.rootOnlyReason(withFeatures(Features.NONE, false)))
                .get().asString().contains("privileged container");
        assertThat(ConfigCodec.rootOnlyReason(withFeatures(Features.NONE, true))).isEmpty();
    }

    private static ContainerConfig withMount(MountPoint mount) {
        ContainerConfig base = observedAsConfig();
        return new ContainerConfig(base.hostname(), base.cores(), base.memoryMiB(), base.swapMiB(), base.rootDisk(),
                List.of(mount), base.networks(), base.features(), base.unprivileged(), base.tags(), base.onboot(), base.startup());
    }

    private static ContainerConfig withFeatures(Features features, boolean unprivileged) {
        ContainerConfig base = observedAsConfig();
        return new ContainerConfig(base.hostname(), base.cores(), base.memoryMiB(), base.swapMiB(), base.rootDisk(),
                base.mounts(), base.networks(), features, unprivileged, base.tags(), base.onboot(), base.startup());
    }
}
