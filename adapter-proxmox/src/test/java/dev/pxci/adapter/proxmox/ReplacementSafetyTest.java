package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Backup;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a replacement needs from Proxmox VE before it destroys anything: the create's refusals told in advance, a backup, a restore. */
class ReplacementSafetyTest {
    private static final Features NESTING = new Features(true, false, false, false, List.of());
    private static final String TEMPLATE = "local:vztmpl/debian-12.tar.zst";
    private static PveServer server;
    private ContainerPlatform platform;

    @BeforeAll
    static void startServer() {
        server = new PveServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() {
        server.reset();
        server.tasksOk("pve");
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(data(
                "[{\"node\":\"pve\",\"status\":\"online\",\"maxmem\":8589934592,\"mem\":1073741824,\"maxcpu\":4}]")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage")).willReturn(data("""
                [{"storage":"local","type":"dir","content":"backup,iso,vztmpl","active":1,"enabled":1,"shared":0},
                 {"storage":"local-lvm","type":"lvmthin","content":"rootdir,images","active":1,"enabled":1,"shared":0}]""")));
        server.resources("[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve\",\"name\":\"router\","
                + "\"status\":\"running\"},{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"name\":\"ci\","
                + "\"status\":\"running\"}]");
        platform = server.platform();
    }

    @AfterEach
    void disconnect() {
        platform.close();
    }

    private static ContainerSpec spec(int vmid, RootDisk root, List<MountPoint> mounts, Features features, boolean unprivileged) {
        return new ContainerSpec(vmid, "pve", TEMPLATE, new ContainerConfig("ci", 1, 512, 512, root, mounts, List.of(), features,
                unprivileged, List.of(), false, Optional.empty()), List.of(), true);
    }

    @Test
    void everySettingProxmoxWouldRefuseAtCreateIsNamedBeforehand() {
        List<String> refusals = platform.createRefusals(spec(100, new RootDisk("local", 16),
                List.of(new MountPoint(0, "nas", 32, "/share", true)), NESTING, false));
        assertThat(refusals).hasSize(4);
        assertThat(refusals.get(0)).contains("DISK (rootfs): storage 'local' does not support container directories")
                .contains("backup, iso, vztmpl").contains("storages that do: local-lvm");
        assertThat(refusals.get(1)).contains("MOUNT (mp0): storage 'nas' does not exist on node pve");
        assertThat(refusals.get(2)).contains("FEATURES: feature flags of a privileged container can only be changed by"
                + " root@pam").contains("API token " + PveServer.TOKEN_ID);
        assertThat(refusals.get(3)).isEqualTo("ID 100 is taken by VM 100 'router' on node pve");
        assertThat(server.calls()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void aSpecProxmoxAcceptsHasNoRefusalsAndTheContainerOfItsOwnIdDoesNotCount() {
        assertThat(platform.createRefusals(spec(101, new RootDisk("local-lvm", 8),
                List.of(new MountPoint(0, "local-lvm", 32, "/share", true)), NESTING, true))).isEmpty();
    }

    @Test
    void aMissingBridgeAndSharesKeptOnAnotherNodeAreRefusedBeforehand() {
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(data("[{\"node\":\"pve\",\"status\":\"online\"},"
                + "{\"node\":\"pve2\",\"status\":\"online\"}]")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve2/storage")).willReturn(data(
                "[{\"storage\":\"local-lvm\",\"content\":\"rootdir,images\",\"active\":1,\"enabled\":1}]")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve2/network")).withQueryParam("type", equalTo("any_bridge"))
                .willReturn(data("[{\"iface\":\"vmbr0\",\"type\":\"bridge\",\"active\":1}]")));
        server.config("pve", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\","
                + "\"mp0\":\"local-lvm:vm-101-disk-1,mp=/share,size=32G\",\"digest\":\"d1\"}");
        ContainerSpec base = spec(101, new RootDisk("local-lvm", 8), List.of(new MountPoint(0, "local-lvm", 32, "/share", true)),
                Features.NONE, true);
        ContainerSpec moved = new ContainerSpec(101, "pve2", TEMPLATE, new ContainerConfig("ci", 1, 512, 512,
                base.config().rootDisk(), base.config().mounts(), List.of(new dev.pxci.ports.platform.NetworkInterface(0, "eth0",
                        "vmbr9", "dhcp", Optional.empty(), java.util.OptionalInt.empty(), false)), Features.NONE, true, List.of(),
                false, Optional.empty()), List.of(), true);

        assertThat(platform.createRefusals(moved)).containsExactly(
                "BRIDGE (net0): bridge 'vmbr9' does not exist on node pve2 (bridges: vmbr0)",
                "NODE pve2: the share volumes of CT 101 are kept on node pve (in CT 101), and volumes move between containers"
                        + " of one node only; declare NODE=pve or migrate first (pct migrate 101 pve2)");
    }

    @Test
    void anUnknownNodeIsTheOnlyRefusalSinceNothingElseCanBeAskedThere() {
        ContainerSpec elsewhere = spec(101, new RootDisk("local-lvm", 8), List.of(), Features.NONE, true).withNode("pve9");
        assertThat(platform.createRefusals(elsewhere)).containsExactly("NODE pve9 is not a node of the cluster (nodes: pve)");
    }

    @Test
    void aBackupIsTakenWithVzdumpOnAStorageForBackupsAndNamedByTheNewestArchive() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage")).withQueryParam("content", equalTo("backup"))
                .willReturn(data("[{\"storage\":\"local\",\"content\":\"backup,iso,vztmpl\",\"active\":1,\"enabled\":1}]")));
        String task = upid("pve", "vzdump", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/vzdump")).willReturn(data(quote(task))));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage/local/content")).withQueryParam("content", equalTo("backup"))
                .withQueryParam("vmid", equalTo("101")).willReturn(data("""
                [{"volid":"local:backup/vzdump-lxc-101-2022_12_01-10_00_00.tar.zst","content":"backup","ctime":1669888800,"vmid":101},
                 {"volid":"local:backup/vzdump-lxc-101-2022_12_29-11_43_50.tar.zst","content":"backup","ctime":1672314230,"vmid":101}]""")));
        Backup backup = platform.backup(new ContainerRef(101, "pve"));
        assertThat(backup.id()).isEqualTo("local:backup/vzdump-lxc-101-2022_12_29-11_43_50.tar.zst");
        assertThat(backup.outcome().taskId()).isEqualTo(task);
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/vzdump"))).containsExactly(entry("vmid", "101"),
                entry("storage", "local"), entry("mode", "stop"), entry("compress", "zstd"));
    }

    @Test
    void noStorageForBackupsStopsTheBackupBeforeAnythingIsSent() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage")).withQueryParam("content", equalTo("backup"))
                .willReturn(data("[]")));
        assertThatThrownBy(() -> platform.backup(new ContainerRef(101, "pve")))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).contains("node pve").contains("'backup'");
                });
        assertThat(server.calls()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void aRestoreCreatesTheContainerFromTheArchive() {
        server.resources("[]");
        String task = upid("pve", "vzrestore", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(task))));
        String archive = "local:backup/vzdump-lxc-101-2022_12_29-11_43_50.tar.zst";
        TaskOutcome restored = platform.restore(new Backup(new ContainerRef(101, "pve"), archive,
                new TaskOutcome(new ContainerRef(101, "pve"), "", List.of(), Duration.ZERO)));
        assertThat(restored.taskId()).isEqualTo(task);
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc"))).containsExactly(entry("vmid", "101"),
                entry("ostemplate", archive), entry("restore", "1"));
    }
}
