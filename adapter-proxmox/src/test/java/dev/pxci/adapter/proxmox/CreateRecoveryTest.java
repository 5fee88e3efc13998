package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.reasonOnly;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static dev.pxci.adapter.proxmox.PveServer.withMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.TaskOutcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A create whose answer leaves open whether it landed is looked up, never repeated blindly. */
class CreateRecoveryTest {
    private static final String CREATE = API + "/nodes/pve/lxc";
    private static final String LOCK_TIMEOUT =
            "unable to create CT 101 - can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout";
    private static final ContainerSpec SPEC = new ContainerSpec(101, "pve", "local:vztmpl/debian-12.tar.zst",
            new ContainerConfig("ci", 1, 512, 512, new RootDisk("local-lvm", 8), List.of(), List.of(), Features.NONE, true,
                    List.of(), false, Optional.empty()), List.of(), false);
    private static PveServer server;
    private ProxmoxPlatform platform;

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
        platform = (ProxmoxPlatform) server.platform();
    }

    @AfterEach
    void disconnect() {
        platform.close();
    }

    private static void listed(String configJson) {
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"stopped\","
                + "\"name\":\"x\",\"lock\":\"create\"}]");
        server.config("pve", 101, configJson);
    }

    private static long posts() {
        return server.calls().stream().filter("POST /nodes/pve/lxc"::equals).count();
    }

    @Test
    void lockTimeoutWhoseCreateLandedIsTakenOverWithoutASecondCreate() {
        server.stub(post(urlPathEqualTo(CREATE)).willReturn(reasonOnly(500, LOCK_TIMEOUT)));
        listed("{\"hostname\":\"ci\",\"lock\":\"create\",\"description\":" + quote(platform.createMark() + "\n")
                + ",\"digest\":\"d1\"}");
        String task = upid("pve", "vzcreate", 101);
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/tasks")).withQueryParam("vmid", equalTo("101"))
                .withQueryParam("typefilter", equalTo("vzcreate"))
                .willReturn(data("[{\"upid\":" + quote(task) + ",\"type\":\"vzcreate\",\"id\":\"101\",\"status\":\"OK\"}]")));
        TaskOutcome outcome = platform.create(SPEC);
        assertThat(outcome.taskId()).isEqualTo(task);
        assertThat(posts()).isEqualTo(1);
        assertThat(server.calls()).contains("GET /nodes/pve/tasks/" + task + "/status");
        assertThat(PveServer.form(server.only("POST", "/nodes/pve/lxc"))).containsEntry("description", platform.createMark());
    }

    @Test
    void lockTimeoutWithNothingCreatedIsSentAgainAfterALookUp() {
        String scenario = "lock-then-ok";
        String task = upid("pve", "vzcreate", 101);
        server.stub(post(urlPathEqualTo(CREATE)).inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("again")
                .willReturn(withMessage(500, LOCK_TIMEOUT)));
        server.stub(post(urlPathEqualTo(CREATE)).inScenario(scenario).whenScenarioStateIs("again")
                .willReturn(data(quote(task))));
        server.resources("[]");
        TaskOutcome outcome = platform.create(SPEC);
        assertThat(outcome.taskId()).isEqualTo(task);
        List<String> calls = server.calls();
        assertThat(calls.subList(0, 3)).containsExactly("POST /nodes/pve/lxc", "GET /cluster/resources?type=vm",
                "POST /nodes/pve/lxc");
    }

    @Test
    void alreadyExistsAfterOurOwnAttemptIsOursWhenItBearsTheMark() {
        String scenario = "proxy-then-exists";
        server.stub(post(urlPathEqualTo(CREATE)).inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("again")
                .willReturn(reasonOnly(596, "Broken pipe")));
        server.stub(post(urlPathEqualTo(CREATE)).inScenario(scenario).whenScenarioStateIs("again")
                .willReturn(reasonOnly(500, "unable to create CT 101 - CT 101 already exists on node 'pve'")));
        String lookups = "lookups";
        server.stub(get(urlPathEqualTo(API + "/cluster/resources")).inScenario(lookups).whenScenarioStateIs(STARTED)
                .willSetStateTo("created").willReturn(data("[]")));
        server.config("pve", 101, "{\"hostname\":\"ci\",\"description\":" + quote(platform.createMark()) + ",\"digest\":\"d1\"}");
        server.stub(get(urlPathEqualTo(API + "/cluster/resources")).inScenario(lookups).whenScenarioStateIs("created")
                .willReturn(data("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"stopped\"}]")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/tasks")).willReturn(data("[]")));
        TaskOutcome outcome = platform.create(SPEC);
        assertThat(outcome.container().vmid()).isEqualTo(101);
        assertThat(outcome.taskId()).isEmpty();
        assertThat(posts()).isEqualTo(2);
    }

    @Test
    void containerWithoutTheMarkIsNamedAndLeftAlone() {
        server.stub(post(urlPathEqualTo(CREATE)).willReturn(reasonOnly(500, LOCK_TIMEOUT)));
        listed("{\"hostname\":\"billing-db\",\"description\":\"production database\",\"digest\":\"d9\"}");
        assertThatThrownBy(() -> platform.create(SPEC))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("'billing-db'").contains("node pve").contains("got timeout");
                });
        assertThat(posts()).isEqualTo(1);
        assertThat(server.calls()).allMatch(call -> call.startsWith("GET ") || call.equals("POST /nodes/pve/lxc"));
    }

    @Test
    void finalRefusalOfACreateIsNotLookedUp() {
        server.stub(post(urlPathEqualTo(CREATE)).willReturn(withMessage(500,
                "unable to create CT 101 - storage 'local' does not support container directories")));
        assertThatThrownBy(() -> platform.create(SPEC)).isInstanceOf(PxciException.class)
                .hasMessageContaining("does not support container directories");
        assertThat(server.calls()).containsExactly("POST /nodes/pve/lxc");
    }
}
