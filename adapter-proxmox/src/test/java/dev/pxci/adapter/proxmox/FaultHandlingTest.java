package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.reasonOnly;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static dev.pxci.adapter.proxmox.PveServer.withMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.pxci.adapter.proxmox.internal.Tuning;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault a real cluster produces, and what the adapter makes of it: a retry, a success, or a precise error. */
class FaultHandlingTest {
    private static final ContainerRef CT = new ContainerRef(101, "pve");
    private static final String START = API + "/nodes/pve/lxc/101/status/start";
    private static PveServer server;
    private final List<ContainerPlatform> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new PveServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @AfterEach
    void disconnect() {
        opened.forEach(ContainerPlatform::close);
    }

    private ContainerPlatform platform() {
        return track(server.platform());
    }

    private ContainerPlatform platform(Map<String, String> extra, Tuning tuning) {
        Map<String, String> values = server.tokenSettings();
        values.putAll(extra);
        return track(server.platform(values, Map.of("proxmox.secret", Secret.of(PveServer.TOKEN_SECRET)), tuning));
    }

    private ContainerPlatform track(ContainerPlatform platform) {
        opened.add(platform);
        return platform;
    }

    /** Answers {@code first} to the first {@code times} requests, then {@code then}. */
    private static void sequence(Supplier<MappingBuilder> request, int times, ResponseDefinitionBuilder firstAnswer,
            ResponseDefinitionBuilder thenAnswer) {
        String scenario = "s" + System.nanoTime();
        for (int i = 0; i < times; i++) {
            String state = i == 0 ? STARTED : "after-" + i;
            server.stub(request.get().inScenario(scenario).whenScenarioStateIs(state).willSetStateTo("after-" + (i + 1))
                    .willReturn(firstAnswer));
        }
        server.stub(request.get().inScenario(scenario).whenScenarioStateIs("after-" + times).willReturn(thenAnswer));
    }

    private static long count(String call) {
        return server.calls().stream().filter(call::equals).count();
    }

    private static String minimalConfig(String digest) {
        return "{\"hostname\":\"ci\",\"cores\":1,\"memory\":512,\"swap\":512,\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\","
                + "\"digest\":\"" + digest + "\"}";
    }

    private static ContainerConfig minimal(String hostname) {
        return new ContainerConfig(hostname, 1, 512, 512, new RootDisk("local-lvm", 8), List.of(), List.of(), Features.NONE,
                false, List.of(), false, Optional.empty());
    }

    // ---- transport faults ----------------------------------------------------------------

    @Test
    void readThatTimesOutIsRepeated() {
        ContainerPlatform platform = platform(Map.of("proxmox.read-timeout", "300ms"), PveServer.FAST);
        String body = "{\"version\":\"9.1.3\",\"release\":\"9.1\",\"repoid\":\"abc\"}";
        sequence(() -> get(urlPathEqualTo(API + "/version")), 1,
                data(body).withFixedDelay(1500), data(body));
        assertThat(platform.info().version()).isEqualTo("9.1");
        assertThat(count("GET /version")).isEqualTo(2);
    }

    @Test
    void readWhoseConnectionIsResetIsRepeated() {
        sequence(() -> get(urlPathEqualTo(API + "/cluster/resources")), 1,
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                data("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve\",\"status\":\"stopped\"}]"));
        server.config("pve", 101, minimalConfig("d1"));
        assertThat(platform().find(101)).get().extracting(ObservedContainer::revision).isEqualTo("d1");
        assertThat(count("GET /cluster/resources?type=vm")).isEqualTo(2);
    }

    @Test
    void createWhoseConnectionIsResetIsNotRepeated() {
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ContainerSpec spec = new ContainerSpec(101, "pve", "local:vztmpl/debian-12.tar.zst", minimal("ci"), List.of(), false);
        assertThatThrownBy(() -> platform().create(spec))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT));
        assertThat(count("POST /nodes/pve/lxc")).isEqualTo(1);
    }

    @Test
    void serverErrorOnAReadIsRepeated() {
        sequence(() -> get(urlPathEqualTo(API + "/nodes")), 2,
                reasonOnly(503, "Service Unavailable"),
                data("[{\"node\":\"pve\",\"status\":\"online\",\"maxmem\":8589934592,\"mem\":1073741824,\"maxcpu\":4}]"));
        assertThat(platform().nodes()).containsExactly(new NodeInfo("pve", true, 7516192768L, 4));
        assertThat(count("GET /nodes")).isEqualTo(3);
    }

    @Test
    void proxyErrorOnARebootIsNotRepeatedAndNamesTheNode() {
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/reboot"))
                .willReturn(reasonOnly(596, "Broken pipe")));
        assertThatThrownBy(() -> platform().reboot(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
                    assertThat(e.getMessage()).contains("596").contains("Broken pipe");
                    assertThat(e.hint()).get().asString().contains("node pve");
                });
        assertThat(count("POST /nodes/pve/lxc/101/status/reboot")).isEqualTo(1);
    }

    @Test
    void unknownServerErrorOnAReadIsFinalAndShownAtOnce() {
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(withMessage(500, "unexpected disk layout on node pve")));
        assertThatThrownBy(() -> platform().nodes())
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).contains("500").contains("unexpected disk layout on node pve");
                });
        assertThat(count("GET /nodes")).isEqualTo(1);
    }

    @Test
    void notFoundReportedAsAServerErrorIsNotRepeated() {
        server.stub(post(urlPathEqualTo(START)).willReturn(reasonOnly(500, "no such resource 'ct:334'")));
        assertThatThrownBy(() -> platform().start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("no such resource 'ct:334'");
                });
        assertThat(count("POST /nodes/pve/lxc/101/status/start")).isEqualTo(1);
    }

    @Test
    void proxyErrorOnANodeReadIsRepeatedAndItsHintNamesTheNode() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve2/storage")).willReturn(
                reasonOnly(595, "Errors during connection establishment, proxy handshake: No route to host")));
        assertThatThrownBy(() -> platform().templates("pve2"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
                    assertThat(e.hint()).get().asString().contains("node pve2");
                });
        assertThat(count("GET /nodes/pve2/storage?content=vztmpl")).isEqualTo(PveServer.FAST.attempts());
    }

    @Test
    void taskIdWithALeadingSpaceIsRefused() {
        server.stub(post(urlPathEqualTo(START)).willReturn(data(quote(" " + upid("pve", "vzstart", 101)))));
        assertThatThrownBy(() -> platform().start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.getMessage()).contains("task id"));
        assertThat(server.calls()).containsExactly("POST /nodes/pve/lxc/101/status/start");
    }

    // ---- locks ---------------------------------------------------------------------------

    @Test
    void lockedContainerIsRetriedUntilItUnlocksAfterTwoTries() {
        String task = upid("pve", "vzstart", 101);
        String scenario = "locked";
        server.stub(post(urlPathEqualTo(START)).inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("once")
                .willReturn(reasonOnly(500, "CT is locked (backup)")));
        server.stub(post(urlPathEqualTo(START)).inScenario(scenario).whenScenarioStateIs("once").willSetStateTo("twice")
                .willReturn(withMessage(500, "CT is locked (backup)")));
        server.stub(post(urlPathEqualTo(START)).inScenario(scenario).whenScenarioStateIs("twice")
                .willReturn(data(quote(task))));
        server.tasksOk("pve");
        TaskOutcome outcome = platform().start(CT);
        assertThat(outcome.taskId()).isEqualTo(task);
        assertThat(count("POST /nodes/pve/lxc/101/status/start")).isEqualTo(3);
    }

    @Test
    void lockThatNeverClearsEndsLockedNamingPctUnlockOnTheNode() {
        server.stub(post(urlPathEqualTo(START)).willReturn(reasonOnly(500, "CT is locked (snapshot)")));
        assertThatThrownBy(() -> platform().start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
                    assertThat(e.getMessage()).contains("CT is locked (snapshot)");
                    assertThat(e.hint()).get().asString().contains("'snapshot'").contains("pct unlock 101").contains("node pve");
                });
        assertThat(count("POST /nodes/pve/lxc/101/status/start")).isEqualTo(PveServer.FAST.attempts());
    }

    @Test
    void configFileLockTimeoutIsRetried() {
        server.config("pve", 101, minimalConfig("d1"));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(data("[]")));
        sequence(() -> put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")),
                1, withMessage(500, "can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout"), data("null"));
        platform().reconfigure(CT, minimal("web"), "d1");
        assertThat(count("PUT /nodes/pve/lxc/101/config")).isEqualTo(2);
    }

    // ---- tasks ---------------------------------------------------------------------------

    private static void startReturns(String task) {
        server.stub(post(urlPathEqualTo(START)).willReturn(data(quote(task))));
    }

    private static MappingBuilder status() {
        return get(urlPathMatching(API + "/nodes/pve/tasks/[^/]+/status"));
    }

    private static MappingBuilder log() {
        return get(urlPathMatching(API + "/nodes/pve/tasks/[^/]+/log"));
    }

    private static String stopped(String exitStatus) {
        return "{\"status\":\"stopped\",\"exitstatus\":" + quote(exitStatus) + ",\"type\":\"vzstart\",\"id\":\"101\","
                + "\"node\":\"pve\",\"pid\":\"256648\",\"starttime\":1672314228,\"user\":\"root@pam\",\"tokenid\":\"ci\"}";
    }

    private static final String RUNNING = "{\"status\":\"running\",\"type\":\"vzstart\",\"id\":\"101\",\"node\":\"pve\"}";

    @Test
    void failedTaskReportsItsExitStatusAndTheLastLinesOfItsLog() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        server.stub(status().willReturn(data(stopped("command 'ifreload -a' failed: exit code 1"))));
        StringBuilder lines = new StringBuilder("[");
        for (int n = 1; n <= 29; n++) {
            lines.append("{\"n\":").append(n).append(",\"t\":\"step ").append(String.format("%02d", n)).append("\"},");
        }
        lines.append("{\"n\":30,\"t\":\"TASK ERROR: command 'ifreload -a' failed: exit code 1\"}]");
        server.stub(log().willReturn(aResponse().withStatus(200).withBody("{\"data\":" + lines + ",\"total\":30}")));
        assertThatThrownBy(() -> platform().start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).contains(task).contains("failed: command 'ifreload -a' failed: exit code 1")
                            .contains("step 11").contains("step 29").contains("TASK ERROR").doesNotContain("step 10");
                });
    }

    @Test
    void taskEndingWithWarningsSucceedsAndSurfacesThem() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        server.stub(status().willReturn(data(stopped("WARNINGS: 2"))));
        server.stub(log().willReturn(data("""
                [{"n":1,"t":"starting CT 101"},
                 {"n":2,"t":"WARN: Systemd 255 detected. You may need to enable nesting."},
                 {"n":3,"t":"WARN: old cgroup layout"},
                 {"n":4,"t":"TASK WARNINGS: 2"}]""")));
        TaskOutcome outcome = platform().start(CT);
        assertThat(outcome.warnings()).containsExactly("Systemd 255 detected. You may need to enable nesting.",
                "old cgroup layout");
    }

    @Test
    void noSuchTaskRightAfterTheStartIsTolerated() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        String scenario = "young-task";
        server.stub(status().inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("known")
                .willReturn(aResponse().withStatus(400).withStatusMessage("Parameter verification failed.")
                        .withBody("{\"errors\":{\"upid\":\"no such task\"},\"data\":null}")));
        server.stub(status().inScenario(scenario).whenScenarioStateIs("known").willSetStateTo("running")
                .willReturn(data(RUNNING)));
        server.stub(status().inScenario(scenario).whenScenarioStateIs("running").willReturn(data(stopped("OK"))));
        assertThat(platform().start(CT).taskId()).isEqualTo(task);
        assertThat(count("GET /nodes/pve/tasks/" + task + "/status")).isEqualTo(3);
    }

    @Test
    void taskUnknownBeyondTheGraceFails() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        server.stub(status().willReturn(aResponse().withStatus(400).withStatusMessage("Parameter verification failed.")
                .withBody("{\"errors\":{\"upid\":\"no such task\"},\"data\":null}")));
        Tuning shortGrace = new Tuning(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(5),
                4, Duration.ofMillis(50), Duration.ofHours(1), 5, 8);
        assertThatThrownBy(() -> platform(Map.of(), shortGrace).start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("upid: no such task");
                });
    }

    @Test
    void taskStillRunningAtTheDeadlineTimesOutNamingItsUpid() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        server.stub(status().willReturn(data(RUNNING)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> platform(Map.of("proxmox.task-timeout", "200ms"), PveServer.FAST).start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains(task).contains("200ms");
                    assertThat(e.hint()).get().asString().contains("proxmox.task-timeout");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void pollingStartsFast() {
        String task = upid("pve", "vzstart", 101);
        startReturns(task);
        String scenario = "slow-task";
        for (int i = 0; i < 3; i++) {
            server.stub(status().inScenario(scenario).whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i)
                    .willSetStateTo("poll-" + (i + 1)).willReturn(data(RUNNING)));
        }
        server.stub(status().inScenario(scenario).whenScenarioStateIs("poll-3").willReturn(data(stopped("OK"))));
        ContainerPlatform platform = platform(Map.of(), Tuning.DEFAULT);
        long started = System.nanoTime();
        platform.start(CT);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        // default waits 3 x 50 ms early in a task; a fixed one-second interval would need three seconds
        assertThat(elapsed).isBetween(Duration.ofMillis(150), Duration.ofMillis(2500));
        assertThat(count("GET /nodes/pve/tasks/" + task + "/status")).isEqualTo(4);
    }

    // ---- error texts -----------------------------------------------------------------------

    @Test
    void reasonPhraseAloneIsEnoughToRecogniseAMissingContainer() {
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/999/config"))
                .willReturn(reasonOnly(500, "Configuration file 'nodes/pve/lxc/999.conf' does not exist")));
        assertThatThrownBy(() -> platform().reconfigure(new ContainerRef(999, "pve"), minimal("ci"), "d1"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("500").contains("'nodes/pve/lxc/999.conf' does not exist");
                });
    }

    @Test
    void bodyMessageIsPreferredOverTheReasonPhrase() {
        server.stub(post(urlPathEqualTo(START)).willReturn(aResponse().withStatus(500).withStatusMessage("Internal Server Error")
                .withBody("{\"data\":null,\"message\":\"CT 101 already running\\n\"}")));
        TaskOutcome outcome = platform().start(CT);
        assertThat(outcome.taskId()).isEmpty();
        assertThat(count("POST /nodes/pve/lxc/101/status/start")).isEqualTo(1);
    }

    @Test
    void parameterErrorsAreListedAndNotRetried() {
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/reboot")).willReturn(aResponse().withStatus(400)
                .withStatusMessage("Parameter verification failed.")
                .withBody("{\"errors\":{\"name\":\"property is not defined in schema and the schema does not allow additional"
                        + " properties\"},\"data\":null,\"message\":\"Parameter verification failed.\\n\"}")));
        assertThatThrownBy(() -> platform().reboot(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("Parameter verification failed.")
                            .contains("name: property is not defined in schema");
                });
        assertThat(count("POST /nodes/pve/lxc/101/status/reboot")).isEqualTo(1);
    }

    @Test
    void tokenOnlyLimitSaysARootTicketIsNeeded() {
        server.stub(post(urlPathEqualTo(START)).willReturn(withMessage(403,
                "URI '/nodes/pve/lxc/101/status/start' not available with API token, need proper ticket.")));
        assertThatThrownBy(() -> platform().start(CT))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.hint()).get().asString().contains("root@pam ticket").contains("proxmox.password");
                });
    }

    @Test
    void tokenAskingForRootOnlyFeaturesIsRefusedBeforeAnyRequest() {
        ContainerConfig keyctl = new ContainerConfig("ci", 1, 512, 512, new RootDisk("local-lvm", 8), List.of(), List.of(),
                new Features(true, true, false, false, List.of()), true, List.of(), false, Optional.empty());
        ContainerSpec spec = new ContainerSpec(101, "pve", "local:vztmpl/debian-12.tar.zst", keyctl, List.of(), false);
        assertThatThrownBy(() -> platform().create(spec))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains(PveServer.TOKEN_ID).contains("root@pam");
                    assertThat(e.hint()).get().asString().contains("proxmox.user=root@pam");
                });
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void tokenChangingTheFeaturesOfAPrivilegedContainerIsRefusedBeforeWriting() {
        server.config("pve", 101, minimalConfig("d1").replace("{", "{\"features\":\"nesting=1\","));
        assertThatThrownBy(() -> platform().reconfigure(CT, minimal("ci"), "d1"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).contains("privileged container");
                });
        assertThat(server.calls()).containsExactly("GET /nodes/pve/lxc/101/config");
    }

    @Test
    void rejectedTokenFailsAtOnceWithoutRetrying() {
        server.stub(get(urlPathEqualTo(API + "/version")).willReturn(reasonOnly(401, "authentication failure")));
        assertThatThrownBy(() -> platform().info())
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains(PveServer.TOKEN_ID).doesNotContain(PveServer.TOKEN_SECRET);
                    assertThat(e.hint()).get().asString().contains(PveServer.TOKEN_ID).contains("proxmox.secret")
                            .doesNotContain(PveServer.TOKEN_SECRET);
                });
        assertThat(count("GET /version")).isEqualTo(1);
    }

    private static final String MODIFIED = "detected modified configuration - file changed by other user? Try again.";

    @Test
    void staleDigestIsReadAgainReplannedAndTheChangeThatStillHoldsSentOnce() {
        sequence(() -> get(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")),
                1, data(minimalConfig("d1")), data(minimalConfig("d2").replace("\"cores\":1", "\"cores\":3")));
        sequence(() -> put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")), 1, withMessage(500, MODIFIED), data("null"));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(data("[]")));
        platform().reconfigure(CT, minimal("web"), "d1");
        List<Map<String, String>> puts = server.requests().stream().filter(r -> PveServer.call(r).startsWith("PUT "))
                .map(PveServer::form).toList();
        assertThat(puts).containsExactly(Map.of("hostname", "web", "digest", "d1"),
                Map.of("cores", "1", "hostname", "web", "digest", "d2"));
    }

    @Test
    void digestStaleTwiceIsAConflict() {
        sequence(() -> get(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")),
                1, data(minimalConfig("d1")), data(minimalConfig("d2").replace("\"cores\":1", "\"cores\":3")));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(withMessage(500, MODIFIED)));
        assertThatThrownBy(() -> platform().reconfigure(CT, minimal("web"), "d1"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.hint()).get().asString().contains("observe it again");
                });
        assertThat(count("PUT /nodes/pve/lxc/101/config")).isEqualTo(2);
    }

    @Test
    void concurrentChangeThatNowNeedsReplacementIsNotSentAgain() {
        sequence(() -> get(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")),
                1, data(minimalConfig("d1")), data(minimalConfig("d2").replace("size=8G", "size=20G")));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(withMessage(500, MODIFIED)));
        assertThatThrownBy(() -> platform().reconfigure(CT, minimal("web"), "d1"))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(count("PUT /nodes/pve/lxc/101/config")).isEqualTo(1);
    }

    @Test
    void appliedChangeIsNotReportedAsFailedWhenPendingChangesCannotBeRead() {
        server.config("pve", 101, minimalConfig("d1"));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(data("null")));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/pending")).willReturn(
                withMessage(501, "Method 'GET /nodes/pve/lxc/101/pending' not implemented")));
        TaskOutcome outcome = platform().reconfigure(CT, minimal("web"), "d1");
        assertThat(outcome.warnings()).singleElement().asString().contains("applied").contains("not implemented");
        assertThat(PveServer.form(server.only("PUT", "/nodes/pve/lxc/101/config")))
                .containsExactly(Map.entry("hostname", "web"), Map.entry("digest", "d1"));
    }

    @Test
    void staleRevisionIsAConflictWithoutWriting() {
        server.config("pve", 101, minimalConfig("d2"));
        assertThatThrownBy(() -> platform().reconfigure(CT, minimal("web"), "d1"))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("revision d1, now d2");
                });
        assertThat(server.calls()).containsExactly("GET /nodes/pve/lxc/101/config");
    }

    @Test
    void numbersAndBooleansSentAsStringsAreReadLeniently() {
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(data(
                "[{\"node\":\"pve\",\"status\":\"online\",\"maxmem\":\"8589934592\",\"mem\":\"1073741824\",\"maxcpu\":\"4\"}]")));
        server.resources("[{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":\"101\",\"node\":\"pve\",\"status\":\"running\","
                + "\"maxcpu\":\"2\",\"maxdisk\":\"8589934592\",\"lock\":\"backup\"}]");
        server.config("pve", 101, "{\"hostname\":\"ci\",\"cores\":\"2\",\"memory\":\"2048\",\"swap\":\"0\",\"unprivileged\":\"1\","
                + "\"onboot\":\"0\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\",\"digest\":\"d1\"}");
        ContainerPlatform platform = platform();
        assertThat(platform.nodes()).containsExactly(new NodeInfo("pve", true, 7516192768L, 4));
        ObservedContainer seen = platform.find(101).orElseThrow();
        assertThat(seen.config().cores()).isEqualTo(2);
        assertThat(seen.config().memoryMiB()).isEqualTo(2048);
        assertThat(seen.config().swapMiB()).isZero();
        assertThat(seen.config().unprivileged()).isTrue();
        assertThat(seen.config().onboot()).isFalse();
        assertThat(seen.lock()).contains("backup");
    }

    @Test
    void observeCostsOneListingPlusOneConfigReadPerExistingContainer() {
        StringBuilder listing = new StringBuilder("[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve\"}");
        IntStream.rangeClosed(101, 105).forEach(id -> {
            listing.append(",{\"id\":\"lxc/").append(id).append("\",\"type\":\"lxc\",\"vmid\":").append(id)
                    .append(",\"node\":\"pve").append(id % 2).append("\",\"status\":\"running\",\"maxcpu\":4}");
            server.config("pve" + id % 2, id, "{\"hostname\":\"ct" + id + "\",\"cores\":2,\"rootfs\":\"local-lvm:vm-" + id
                    + "-disk-0,size=4G\",\"digest\":\"d" + id + "\"}");
        });
        server.resources(listing.append("]").toString());
        Map<Integer, ObservedContainer> seen = platform().observe(Set.of(100, 101, 102, 103, 104, 105, 999));
        assertThat(seen).containsOnlyKeys(101, 102, 103, 104, 105);
        assertThat(server.calls()).hasSize(6).allMatch(call -> call.startsWith("GET "));
        ContainerConfig defaults = seen.get(103).config();
        assertThat(defaults.memoryMiB()).isEqualTo(512);
        assertThat(defaults.swapMiB()).isEqualTo(512);
        assertThat(defaults.onboot()).isFalse();
        assertThat(defaults.unprivileged()).isFalse();
        assertThat(seen.get(103).ref()).isEqualTo(new ContainerRef(103, "pve1"));
    }
}
