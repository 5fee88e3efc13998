package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One container through its whole life, each step checked by the HTTP requests it sent (method,
 * path, form fields) and by what it reports.
 */
class ContainerLifecycleTest {
    private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake ci@pxci";
    private static final NetworkInterface ETH0 = new NetworkInterface(0, "eth0", "vmbr0", "192.168.178.254/24",
            Optional.of("192.168.178.1"), OptionalInt.empty(), true);
    private static final NetworkInterface ETH1 = new NetworkInterface(1, "eth1", "vmbr1", "dhcp", Optional.empty(),
            OptionalInt.of(20), false);
    private static final MountPoint SHARE = new MountPoint(0, "local-lvm", 16, "/share", true);

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
        platform = server.platform();
    }

    @AfterEach
    void disconnect() {
        platform.close();
    }

    private static ContainerConfig config(int cores, int memory, MountPoint share, List<NetworkInterface> nets,
            Features features, boolean unprivileged, List<String> tags) {
        return new ContainerConfig("ci", cores, memory, 512, new RootDisk("local-lvm", 8), share == null ? List.of() : List.of(share),
                nets, features, unprivileged, tags, true, Optional.of(new StartupOrder(2, OptionalInt.of(30), OptionalInt.empty())));
    }

    private static final Features NESTING = new Features(true, false, false, false, List.of());

    /** The config as PVE 9 returns it after the create (mixed string and number values, generated hwaddr). */
    private static String createdConfig(String digest, String extra) {
        return """
                {"arch":"amd64","cores":2,"digest":"%s","features":"nesting=1","hostname":"ci","memory":"1024",
                 "mp0":"local-lvm:vm-101-disk-1,mp=/share,backup=1,size=16G",
                 "net0":"name=eth0,bridge=vmbr0,firewall=1,gw=192.168.178.1,hwaddr=BC:24:11:AA:BB:CC,ip=192.168.178.254/24,type=veth",
                 %s"onboot":1,"ostype":"debian","rootfs":"local-lvm:vm-101-disk-0,size=8G","startup":"order=2,up=30",
                 "swap":512,"tags":"ci;pxci","unprivileged":1}""".formatted(digest, extra);
    }

    private static String listing(String status) {
        return """
                [{"id":"lxc/101","type":"lxc","vmid":"101","node":"pve","name":"ci","status":"%s","template":0,
                  "maxcpu":2,"maxmem":1073741824,"maxdisk":"8589934592","uptime":0},
                 {"id":"qemu/100","type":"qemu","vmid":100,"node":"pve","name":"router","status":"running"}]""".formatted(status);
    }

    @Test
    void createConfigureStartReconfigureReplaceAndDestroy() {
        ContainerConfig initial = config(2, 1024, SHARE, List.of(ETH0), NESTING, true, List.of("ci", "pxci"));
        ContainerSpec spec = new ContainerSpec(101, "pve", TEMPLATE, initial, List.of(KEY), true);

        // create: every field of the spec as a form field, property strings included
        String createTask = upid("pve", "vzcreate", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(createTask))));
        server.tasksOk("pve");
        server.resources("[]");
        TaskOutcome created = platform.create(spec);
        assertThat(created.container()).isEqualTo(new ContainerRef(101, "pve"));
        assertThat(created.taskId()).isEqualTo(createTask);
        assertThat(created.warnings()).isEmpty();
        assertThat(server.calls()).as("a share volume kept by an earlier destroy is looked for first").containsExactly(
                "GET /cluster/resources?type=vm", "POST /nodes/pve/lxc", "GET /nodes/pve/tasks/" + createTask + "/status");
        LoggedRequest createRequest = server.only("POST", "/nodes/pve/lxc");
        assertThat(PveServer.form(createRequest)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                entry("vmid", "101"),
                entry("ostemplate", TEMPLATE),
                entry("hostname", "ci"),
                entry("cores", "2"),
                entry("memory", "1024"),
                entry("swap", "512"),
                entry("rootfs", "local-lvm:8"),
                entry("description", ((ProxmoxPlatform) platform).createMark()),
                entry("mp0", "local-lvm:16,mp=/share,backup=1"),
                entry("net0", "name=eth0,bridge=vmbr0,ip=192.168.178.254/24,gw=192.168.178.1,firewall=1"),
                entry("features", "nesting=1"),
                entry("unprivileged", "1"),
                entry("tags", "ci;pxci"),
                entry("onboot", "1"),
                entry("startup", "order=2,up=30"),
                entry("ssh-public-keys", KEY)));
        assertThat(createRequest.getHeader("Authorization")).isEqualTo("PVEAPIToken=root@pam!ci=" + PveServer.TOKEN_SECRET);
        assertThat(createRequest.containsHeader("CSRFPreventionToken")).isFalse();

        // configure: observe reads back exactly the spec; a second interface is added in place
        server.reset();
        server.resources(listing("stopped"));
        server.config("pve", 101, createdConfig("d1", ""));
        ObservedContainer seen = platform.observe(Set.of(101, 100)).get(101);
        assertThat(seen.config()).isEqualTo(initial);
        assertThat(seen.power()).isEqualTo(PowerState.STOPPED);
        assertThat(seen.revision()).isEqualTo("d1");
        assertThat(seen.lock()).isEmpty();
        assertThat(seen.restartPending()).isFalse();

        ContainerConfig configured = config(2, 1024, SHARE, List.of(ETH0, ETH1), NESTING, true, List.of("ci", "pxci"));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(data("null")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(data("[]")));
        TaskOutcome configuredOutcome = platform.reconfigure(seen.ref(), configured, seen.revision());
        assertThat(configuredOutcome.taskId()).isEmpty();
        assertThat(configuredOutcome.warnings()).isEmpty();
        assertThat(server.calls()).as("observe reads the pending list, which carries the config").containsExactly(
                "GET /cluster/resources?type=vm", "GET /nodes/pve/lxc/101/pending",
                "GET /nodes/pve/lxc/101/config", "PUT /nodes/pve/lxc/101/config", "GET /nodes/pve/lxc/101/pending");
        assertThat(PveServer.form(server.only("PUT", "/nodes/pve/lxc/101/config"))).containsExactly(
                entry("net1", "name=eth1,bridge=vmbr1,ip=dhcp,tag=20"),
                entry("digest", "d1"));

        // start
        server.reset();
        String startTask = upid("pve", "vzstart", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/start")).willReturn(data(quote(startTask))));
        server.tasksOk("pve");
        TaskOutcome started = platform.start(new ContainerRef(101, "pve"));
        assertThat(started.taskId()).isEqualTo(startTask);
        assertThat(server.calls()).containsExactly("POST /nodes/pve/lxc/101/status/start",
                "GET /nodes/pve/tasks/" + startTask + "/status");

        // reconfigure in place while running: only what changed, hwaddr kept, the disk grown by resize
        server.reset();
        String withEth1 = "\"net1\":\"name=eth1,bridge=vmbr1,hwaddr=BC:24:11:DD:EE:FF,ip=dhcp,tag=20,type=veth\",";
        server.config("pve", 101, createdConfig("d2", withEth1));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(data("null")));
        String resizeTask = upid("pve", "resize", 101);
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/resize")).willReturn(data(quote(resizeTask))));
        server.tasksOk("pve");
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(data("""
                [{"key":"cores","value":"2","pending":"4"},{"key":"memory","value":1024,"pending":2048},
                 {"key":"hostname","value":"ci"}]""")));
        ContainerConfig grown = config(4, 2048, new MountPoint(0, "local-lvm", 32, "/share", true),
                List.of(new NetworkInterface(0, "eth0", "vmbr0", "192.168.178.254/24", Optional.of("192.168.178.1"),
                        OptionalInt.empty(), false), ETH1), NESTING, true, List.of("ci", "pxci", "web"));
        TaskOutcome reconfigured = platform.reconfigure(new ContainerRef(101, "pve"), grown, "d2");
        assertThat(server.calls()).containsExactly("GET /nodes/pve/lxc/101/config", "PUT /nodes/pve/lxc/101/config",
                "PUT /nodes/pve/lxc/101/resize", "GET /nodes/pve/tasks/" + resizeTask + "/status",
                "GET /nodes/pve/lxc/101/pending");
        assertThat(PveServer.form(server.only("PUT", "/nodes/pve/lxc/101/config"))).containsExactly(
                entry("cores", "4"),
                entry("memory", "2048"),
                entry("net0", "name=eth0,bridge=vmbr0,gw=192.168.178.1,hwaddr=BC:24:11:AA:BB:CC,ip=192.168.178.254/24,type=veth"),
                entry("tags", "ci;pxci;web"),
                entry("digest", "d2"));
        assertThat(PveServer.form(server.only("PUT", "/nodes/pve/lxc/101/resize"))).containsExactly(
                entry("disk", "mp0"), entry("size", "32G"));
        assertThat(reconfigured.taskId()).isEqualTo(resizeTask);
        assertThat(reconfigured.warnings()).containsExactly("pending until CT 101 on pve restarts: cores, memory");

        // a later run (another platform, nothing remembered) reads the pending restart from the API
        server.reset();
        server.resources(listing("running"));
        String inEffect = createdConfig("d3", withEth1);
        server.config("pve", 101, inEffect);
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(data(
                PveServer.pendingOf(inEffect).replace("{\"key\":\"cores\",\"value\":2}",
                        "{\"key\":\"cores\",\"value\":2,\"pending\":4}"))));
        try (ContainerPlatform later = server.platform()) {
            assertThat(later.find(101)).get().satisfies(c -> {
                assertThat(c.power()).isEqualTo(PowerState.RUNNING);
                assertThat(c.restartPending()).isTrue();
                assertThat(c.config().cores()).as("the pending value, as the config read gives it").isEqualTo(4);
                assertThat(c.revision()).isEqualTo("d3");
            });
        }
        server.config("pve", 101, inEffect);
        try (ContainerPlatform later = server.platform()) {
            assertThat(later.find(101)).get().satisfies(c -> assertThat(c.restartPending()).isFalse());
        }

        // replace: unprivileged is fixed at creation, so reconfigure refuses without writing...
        server.reset();
        server.config("pve", 101, createdConfig("d3", withEth1));
        ContainerConfig privileged = config(4, 2048, new MountPoint(0, "local-lvm", 32, "/share", true), List.of(ETH0),
                Features.NONE, false, List.of("ci"));
        assertThatThrownBy(() -> platform.reconfigure(new ContainerRef(101, "pve"), privileged, "d3"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("unprivileged 1 -> 0");
                    assertThat(e.hint()).get().asString().contains("destroy and create");
                });
        assertThat(server.calls()).containsExactly("GET /nodes/pve/lxc/101/config");

        // ...so it is destroyed (clean shutdown first, here with its volumes) and created again
        server.reset();
        server.resources(listing("running"));
        server.config("pve", 101, createdConfig("d3", withEth1));
        String shutdownTask = upid("pve", "vzshutdown", 101);
        String destroyTask = upid("pve", "vzdestroy", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/shutdown")).willReturn(data(quote(shutdownTask))));
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve/lxc/101")).willReturn(data(quote(destroyTask))));
        server.tasksOk("pve");
        TaskOutcome destroyed = platform.destroy(new ContainerRef(101, "pve"), DestroyOptions.purging(Duration.ofSeconds(30)));
        assertThat(destroyed.taskId()).isEqualTo(destroyTask);
        assertThat(server.calls()).containsExactly("GET /cluster/resources?type=vm", "GET /nodes/pve/lxc/101/config",
                "POST /nodes/pve/lxc/101/status/shutdown", "GET /nodes/pve/tasks/" + shutdownTask + "/status",
                "DELETE /nodes/pve/lxc/101?purge=1&force=1&destroy-unreferenced-disks=1",
                "GET /nodes/pve/tasks/" + destroyTask + "/status", "GET /cluster/resources?type=vm");
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc/101/status/shutdown"))).containsExactly(
                entry("timeout", "30"), entry("forceStop", "1"));
        assertThat(server.only("DELETE", "/nodes/pve/lxc/101").getBodyAsString()).isEmpty();

        server.reset();
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(createTask))));
        server.tasksOk("pve");
        server.resources("[]");
        platform.create(spec.withConfig(privileged));
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc")))
                .contains(entry("unprivileged", "0"), entry("memory", "2048"), entry("mp0", "local-lvm:32,mp=/share,backup=1"))
                .doesNotContainKey("features");

        // destroy: a stopped container goes without a shutdown; afterwards it is not found
        server.reset();
        server.resources(listing("stopped"));
        server.config("pve", 101, createdConfig("d4", "").replace("\"unprivileged\":1", "\"unprivileged\":0"));
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve/lxc/101")).willReturn(data(quote(destroyTask))));
        server.tasksOk("pve");
        platform.destroy(new ContainerRef(101, "pve"), DestroyOptions.purging(Duration.ofSeconds(30)));
        assertThat(server.calls()).as("with the volumes purged, a holder of kept ones is looked for too").containsExactly(
                "GET /cluster/resources?type=vm", "GET /nodes/pve/lxc/101/config",
                "DELETE /nodes/pve/lxc/101?purge=1&force=1&destroy-unreferenced-disks=1",
                "GET /nodes/pve/tasks/" + destroyTask + "/status", "GET /cluster/resources?type=vm");

        server.reset();
        server.resources("[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve\",\"status\":\"running\"}]");
        assertThat(platform.find(101)).isEmpty();
    }
}
