package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static dev.pxci.adapter.proxmox.PveServer.withMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlatformOperationsTest {
    private static final ContainerRef CT = new ContainerRef(101, "pve");
    private static final String TEMPLATE_VOLID = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
    private static final DestroyOptions KEEP = DestroyOptions.keepingVolumes(Duration.ofSeconds(10), TEMPLATE_VOLID);
    private static final DestroyOptions PURGE = DestroyOptions.purging(Duration.ofSeconds(10));
    private static final String TEMPLATE = "debian-12-standard_12.7-1_amd64.tar.zst";
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

    private static ContainerSpec spec(int vmid, String node, String template) {
        ContainerConfig config = new ContainerConfig("ci", 1, 512, 512, new RootDisk("local-lvm", 8), List.of(), List.of(),
                Features.NONE, true, List.of(), false, Optional.empty());
        return new ContainerSpec(vmid, node, template, config, List.of(), false);
    }

    private static void listed(String status) {
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"" + status + "\"}]");
    }

    // ---- templates -------------------------------------------------------------------------

    @Test
    void theApplianceIndexListsContainerTemplatesAndADownloadWaitsForItsTask() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/aplinfo")).willReturn(data("""
                [{"template":"ubuntu-24.04-standard_24.04-2_amd64.tar.zst","type":"lxc","os":"ubuntu-24.04",
                  "section":"system","location":"http://download.proxmox.com/images/system/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
                  "sha512sum":"ab12","version":"24.04-2","package":"ubuntu-24.04-standard"},
                 {"template":"debian-12-turnkey-gitea_18.0-1_amd64.tar.gz","type":"lxc","section":"turnkeylinux"},
                 {"template":"mystery.tar.gz","type":"other"},
                 {"type":"lxc"}]""")));
        assertThat(platform.downloadableTemplates("pve")).containsExactly("debian-12-turnkey-gitea_18.0-1_amd64.tar.gz",
                "ubuntu-24.04-standard_24.04-2_amd64.tar.zst");

        String task = "UPID:pve:0003E968:016E6414:63AD7D74:download:ubuntu-24.04-standard_24.04-2_amd64.tar.zst:"
                + PveServer.TOKEN_ID + ":";
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/aplinfo")).willReturn(data(quote(task))));
        server.tasksOk("pve");
        assertThat(platform.downloadTemplate("pve", "local", "ubuntu-24.04-standard_24.04-2_amd64.tar.zst")).isEmpty();
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/aplinfo"))).containsExactly(
                Map.entry("storage", "local"), Map.entry("template", "ubuntu-24.04-standard_24.04-2_amd64.tar.zst"));
        assertThat(server.calls()).last().isEqualTo("GET /nodes/pve/tasks/" + task + "/status");
    }

    // ---- destroy ---------------------------------------------------------------------------

    @Test
    void destroyThatMustKeepVolumesFirstHandsThemToANewHolderContainer() {
        listed("stopped");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\","
                + "\"mp0\":\"local-lvm:vm-101-disk-1,mp=/share,backup=1,size=32G\",\"mp1\":\"/srv/host,mp=/host\","
                + "\"unused0\":\"local-lvm:vm-101-disk-2\",\"digest\":\"d1\"}");
        server.stub(get(urlPathEqualTo(API + "/cluster/nextid")).willReturn(data("\"150\"")));
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(upid("pve", "vzcreate", 150)))));
        server.config("pve", 150, "{\"hostname\":\"pxci-shares-101\",\"rootfs\":\"local-lvm:vm-150-disk-0,size=1G\","
                + "\"digest\":\"h1\"}");
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/move_volume"))
                .willReturn(data(quote(upid("pve", "move_volume", 101)))));
        String task = upid("pve", "vzdestroy", 101);
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve/lxc/101")).willReturn(data(quote(task))));
        server.tasksOk("pve");

        TaskOutcome outcome = platform.destroy(CT, KEEP);

        assertThat(outcome.taskId()).isEqualTo(task);
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc"))).containsEntry("vmid", "150")
                .containsEntry("hostname", "pxci-shares-101").containsEntry("ostemplate", TEMPLATE_VOLID)
                .containsEntry("rootfs", "local-lvm:1").containsEntry("unprivileged", "1").doesNotContainKey("start");
        List<Map<String, String>> moves = server.requests().stream()
                .filter(r -> r.getUrl().endsWith("/move_volume")).map(PveServer::form).toList();
        assertThat(moves).containsExactly(
                Map.of("volume", "mp0", "target-vmid", "150", "target-volume", "mp0"),
                Map.of("volume", "unused0", "target-vmid", "150", "target-volume", "unused0"));
        assertThat(server.calls()).last().isEqualTo(
                "GET /nodes/pve/tasks/" + task + "/status");
        assertThat(server.calls()).contains("DELETE /nodes/pve/lxc/101?purge=1&force=1&destroy-unreferenced-disks=0");
        assertThat(outcome.warnings()).anySatisfy(w -> assertThat(w).contains("mp0 (local-lvm:vm-101-disk-1) kept in mp0 of CT 150"));
    }

    @Test
    void destroyThatMustKeepVolumesIsRefusedBeforeAnyMoveWhenTheHolderAlreadyKeepsThatSlot() {
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"stopped\"},"
                + "{\"id\":\"lxc/150\",\"type\":\"lxc\",\"vmid\":150,\"node\":\"pve\",\"status\":\"stopped\","
                + "\"name\":\"pxci-shares-101\"}]");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\","
                + "\"unused0\":\"local-lvm:vm-101-disk-2\",\"mp0\":\"local-lvm:vm-101-disk-1,mp=/share,size=32G\","
                + "\"digest\":\"d1\"}");
        server.config("pve", 150, "{\"hostname\":\"pxci-shares-101\",\"rootfs\":\"local-lvm:vm-150-disk-0,size=1G\","
                + "\"mp0\":\"local-lvm:vm-150-disk-1,mp=/share,size=32G\",\"digest\":\"h1\"}");

        assertThatThrownBy(() -> platform.destroy(CT, KEEP))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("already keeps a volume in mp0", "nothing was moved");
                });
        assertThat(server.calls()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void destroyThatMustKeepVolumesIsRefusedBeforeAnyChangeWhenTheHolderIsOnAnotherNode() {
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"stopped\"},"
                + "{\"id\":\"lxc/150\",\"type\":\"lxc\",\"vmid\":150,\"node\":\"pve2\",\"status\":\"stopped\","
                + "\"name\":\"pxci-shares-101\"}]");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\","
                + "\"mp0\":\"local-lvm:vm-101-disk-1,mp=/share,size=32G\",\"digest\":\"d1\"}");

        assertThatThrownBy(() -> platform.destroy(CT, KEEP))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("CT 150", "pve2");
                    assertThat(e.hint()).get().asString().contains("pct migrate 150 pve");
                });
        assertThat(server.calls()).allMatch(call -> call.startsWith("GET "));
    }

    @Test
    void destroyThatMustKeepVolumesSparesUnreferencedDisksWhenTheContainerOwnsNone() {
        listed("stopped");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\",\"digest\":\"d1\"}");
        String task = upid("pve", "vzdestroy", 101);
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve/lxc/101")).willReturn(data(quote(task))));
        server.tasksOk("pve");
        assertThat(platform.destroy(CT, KEEP).taskId()).isEqualTo(task);
        assertThat(server.calls()).contains("DELETE /nodes/pve/lxc/101?purge=1&force=1&destroy-unreferenced-disks=0");
    }

    @Test
    void destroyOfAContainerThatIsGoneChangesNothing() {
        server.resources("[]");
        TaskOutcome outcome = platform.destroy(CT, PURGE);
        assertThat(outcome.taskId()).isEmpty();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(server.calls()).as("the container, then a holder of shares kept for it").containsExactly(
                "GET /cluster/resources?type=vm", "GET /cluster/resources?type=vm");
        server.reset();
        server.resources("[]");
        platform.destroy(CT, KEEP);
        assertThat(server.calls()).as("keeping, a holder is left alone").containsExactly("GET /cluster/resources?type=vm");
    }

    @Test
    void destroyFollowsTheContainerToTheNodeItMovedTo() {
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve2\",\"status\":\"stopped\"}]");
        server.config("pve2", 101, "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\",\"digest\":\"d1\"}");
        String task = upid("pve2", "vzdestroy", 101);
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve2/lxc/101")).willReturn(data(quote(task))));
        server.tasksOk("pve2");
        assertThat(platform.destroy(CT, PURGE).container()).isEqualTo(new ContainerRef(101, "pve2"));
    }

    @Test
    void protectedContainerIsNotDestroyedAndTheHintSaysHowToUnprotect() {
        listed("stopped");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"protection\":1,\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\"}");
        server.stub(delete(urlPathEqualTo(API + "/nodes/pve/lxc/101"))
                .willReturn(withMessage(500, "can't remove CT 101 - protection mode enabled")));
        assertThatThrownBy(() -> platform.destroy(CT, PURGE))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.hint()).get().asString().contains("pct set 101 --protection 0");
                });
    }

    // ---- power -------------------------------------------------------------------------------

    @Test
    void rebootIsSentOnceAndAwaited() {
        String task = upid("pve", "vzreboot", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/reboot")).willReturn(data(quote(task))));
        server.tasksOk("pve");
        assertThat(platform.reboot(CT).taskId()).isEqualTo(task);
        assertThat(server.calls()).containsExactly("POST /nodes/pve/lxc/101/status/reboot",
                "GET /nodes/pve/tasks/" + task + "/status");
    }

    // ---- ids and placement -----------------------------------------------------------------

    @Test
    void createWithAnyIdMovesOnWhenTheAdvisedIdIsClaimedFirst() {
        server.stub(get(urlPathEqualTo(API + "/cluster/nextid")).withQueryParam("vmid", equalTo("201")).willReturn(data("\"201\"")));
        server.stub(get(urlPathEqualTo(API + "/cluster/nextid")).atPriority(10).willReturn(data("\"200\"")));
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).withRequestBody(containing("vmid=200"))
                .willReturn(withMessage(500, "unable to create CT 200 - CT 200 already exists on node 'pve2'")));
        String task = upid("pve", "vzcreate", 201);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).withRequestBody(containing("vmid=201"))
                .willReturn(data(quote(task))));
        server.tasksOk("pve");
        TaskOutcome outcome = platform.create(spec(ContainerSpec.ANY_ID, "pve", "local:vztmpl/" + TEMPLATE));
        assertThat(outcome.container()).isEqualTo(new ContainerRef(201, "pve"));
        assertThat(server.calls()).containsExactly("GET /cluster/nextid", "POST /nodes/pve/lxc", "GET /cluster/nextid",
                "GET /cluster/nextid?vmid=201", "POST /nodes/pve/lxc", "GET /nodes/pve/tasks/" + task + "/status");
    }

    @Test
    void createWithANamedIdThatIsTakenIsAConflict() {
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc"))
                .willReturn(withMessage(500, "unable to create CT 101 - CT 101 already exists on node 'pve'")));
        assertThatThrownBy(() -> platform.create(spec(101, "pve", "local:vztmpl/" + TEMPLATE)))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(server.calls()).containsExactly("POST /nodes/pve/lxc");
    }

    @Test
    void idRangeGivesTheFirstIdTheClusterDoesNotList() {
        Map<String, String> values = server.tokenSettings();
        values.put("proxmox.id-range", "1000-1009");
        server.resources("[{\"id\":\"lxc/1000\",\"type\":\"lxc\",\"vmid\":1000,\"node\":\"pve\"},"
                + "{\"id\":\"qemu/1001\",\"type\":\"qemu\",\"vmid\":1001,\"node\":\"pve\"}]");
        try (ContainerPlatform ranged = server.platform(values, Map.of("proxmox.secret", Secret.of(PveServer.TOKEN_SECRET)),
                PveServer.FAST)) {
            server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(upid("pve", "vzcreate", 1002)))));
            server.tasksOk("pve");

            assertThat(ranged.create(spec(ContainerSpec.ANY_ID, "pve", "local:vztmpl/" + TEMPLATE)).container().vmid())
                    .isEqualTo(1002);
        }
    }

    @Test
    void parallelCreatesEachClaimTheirOwnId() throws Exception {
        server.stub(get(urlPathEqualTo(API + "/cluster/nextid")).atPriority(10).willReturn(data("\"300\"")));
        for (int id = 300; id < 306; id++) {
            server.stub(get(urlPathEqualTo(API + "/cluster/nextid")).withQueryParam("vmid", equalTo(Integer.toString(id)))
                    .willReturn(data("\"" + id + "\"")));
            // like PVE: the first create of an id claims it, every later one finds it taken
            server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).withRequestBody(containing("vmid=" + id))
                    .inScenario("id" + id).whenScenarioStateIs(STARTED).willSetStateTo("claimed")
                    .willReturn(data(quote(upid("pve", "vzcreate", id)))));
            server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).withRequestBody(containing("vmid=" + id))
                    .inScenario("id" + id).whenScenarioStateIs("claimed")
                    .willReturn(withMessage(500, "unable to create CT " + id + " - CT " + id + " already exists on node 'pve'")));
        }
        server.tasksOk("pve");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> creates = IntStream.range(0, 4).<Callable<Integer>>mapToObj(i ->
                    () -> platform.create(spec(ContainerSpec.ANY_ID, "pve", "local:vztmpl/" + TEMPLATE)).container().vmid())
                    .toList();
            Set<Integer> ids = pool.invokeAll(creates).stream().map(PlatformOperationsTest::value).collect(Collectors.toSet());
            assertThat(ids).containsExactlyInAnyOrder(300, 301, 302, 303);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T value(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void autoPlacementPicksTheOnlineNodeWithTheMostFreeMemory() {
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(data("""
                [{"node":"pve1","status":"online","maxmem":8000000000,"mem":6000000000,"maxcpu":8},
                 {"node":"pve2","status":"offline","maxmem":64000000000,"mem":0,"maxcpu":32},
                 {"node":"pve3","status":"online","maxmem":"16000000000","mem":"8000000000","maxcpu":"16"}]""")));
        String task = upid("pve3", "vzcreate", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve3/lxc")).willReturn(data(quote(task))));
        server.tasksOk("pve3");
        assertThat(platform.create(spec(101, ContainerSpec.AUTO_NODE, "local:vztmpl/" + TEMPLATE)).container())
                .isEqualTo(new ContainerRef(101, "pve3"));
    }

    // ---- templates -------------------------------------------------------------------------

    private static void templatesOnPve() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage")).withQueryParam("content", equalTo("vztmpl")).willReturn(data("""
                [{"storage":"local","type":"dir","content":"vztmpl,iso,backup","active":1,"enabled":1,"shared":0},
                 {"storage":"nfs-templates","type":"nfs","content":"vztmpl","active":0,"enabled":1,"shared":1}]""")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/storage/local/content")).willReturn(data("""
                [{"volid":"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst","format":"tzst","size":126458753,"ctime":1717000000},
                 {"volid":"local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz","format":"txz","size":3034304}]""")));
    }

    @Test
    void templatesListsTheVolumesOfActiveTemplateStorages() {
        templatesOnPve();
        assertThat(platform.templates("pve")).containsExactly("local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz",
                "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
    }

    @Test
    void bareTemplateFileNameIsResolvedOnTheNode() {
        templatesOnPve();
        String task = upid("pve", "vzcreate", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(data(quote(task))));
        server.tasksOk("pve");
        platform.create(spec(101, "pve", TEMPLATE));
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc")))
                .containsEntry("ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
    }

    @Test
    void missingTemplateIsNotFoundListingWhatIsThere() {
        templatesOnPve();
        assertThatThrownBy(() -> platform.create(spec(101, "pve", "ubuntu-24.04-standard_24.04-2_amd64.tar.zst")))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
                    assertThat(e.hint()).get().asString().contains("pveam download local ubuntu-24.04");
                });
    }

    // ---- clone -----------------------------------------------------------------------------

    // ---- info ------------------------------------------------------------------------------

    @Test
    void infoIsReadOnceAndKnowsWhenContainersRunNoProcesses() {
        server.version("pxci-sandbox", ",\"container-processes\":0");
        PlatformInfo first = platform.info();
        PlatformInfo second = platform.info();
        assertThat(first).isSameAs(second);
        assertThat(first.runsContainerProcesses()).isFalse();
        assertThat(first.warnings()).isEmpty();
        assertThat(server.calls()).containsExactly("GET /version");
    }

    @Test
    void realProxmoxRunsContainerProcesses() {
        server.version("2a5fa54a8503f96d");
        assertThat(platform.info().runsContainerProcesses()).isTrue();
    }

    @Test
    void aSandboxWhoseContainersRunProcessesSaysSo() {
        server.version("pxci-sandbox", ",\"container-processes\":1");
        assertThat(platform.info().runsContainerProcesses()).isTrue();
    }
}
