package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private PveSimulator sim;
    private PveTestClient client;

    @BeforeEach
    void start() {
        sim = PveSimulator.builder().seed(11L).start();
        client = new PveTestClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void errorBurstFailsTheNextMatchingRequestsThenStops() {
        sim.faults().errorBurst(PveFaults.ErrorBurst.of("GET", "^/cluster/resources", 500,
                "can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout", 2));

        PveTestClient.Reply first = client.get("/cluster/resources");
        PveTestClient.Reply second = client.get("/cluster/resources");
        PveTestClient.Reply other = client.get("/nodes");
        PveTestClient.Reply third = client.get("/cluster/resources");

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.message()).isEqualTo("can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout\n");
        assertThat(second.status()).isEqualTo(500);
        assertThat(other.status()).isEqualTo(200);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void probabilisticBurstsRepeatExactlyWithTheSameSeed() {
        List<Integer> firstRun = statusesWithFlakyNodes(sim, client);
        sim.close();
        sim = PveSimulator.builder().seed(11L).start();
        client = new PveTestClient(sim);

        List<Integer> secondRun = statusesWithFlakyNodes(sim, client);

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun).contains(200, 596);
    }

    private static List<Integer> statusesWithFlakyNodes(PveSimulator sim, PveTestClient client) {
        sim.faults().errorBurst(new PveFaults.ErrorBurst(null, "^/nodes$", 596, "Broken pipe", 5, 0.5));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(client.get("/nodes").status());
        }
        return statuses;
    }

    @Test
    void macAddressesFollowTheSeed() {
        client.createContainer(500);
        String mac = client.get("/nodes/pve/lxc/500/config").data().get("net0").asText();
        sim.close();
        sim = PveSimulator.builder().seed(11L).start();
        client = new PveTestClient(sim);

        client.createContainer(500);

        assertThat(client.get("/nodes/pve/lxc/500/config").data().get("net0").asText()).isEqualTo(mac);
    }

    @Test
    void stuckLockBlocksOperationsUntilReleased() {
        client.createContainer(501);
        sim.faults().stuckLock(501, "backup");

        PveTestClient.Reply start = client.post("/nodes/pve/lxc/501/status/start");
        assertThat(start.status()).isEqualTo(500);
        assertThat(start.message()).isEqualTo("CT is locked (backup)\n");
        assertThat(client.get("/cluster/resources", "type", "vm").data().get(0).get("lock").asText()).isEqualTo("backup");

        sim.faults().releaseLock(501);
        assertThat(client.post("/nodes/pve/lxc/501/status/start").status()).isEqualTo(200);
    }

    @Test
    void connectionResetDropsTheConnectionWithoutAnAnswer() {
        client.createContainer(503);
        sim.faults().connectionReset(new PveFaults.ConnectionReset("POST", "/status/start$", 1));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/api2/json/nodes/pve/lxc/503/status/start"))
                .header("Authorization", "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret())
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();

        assertThatThrownBy(() -> client.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(client.get("/nodes/pve/lxc/503/status/current").data().get("status").asText()).isEqualTo("stopped");
        assertThat(client.post("/nodes/pve/lxc/503/status/start").status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryApiRequest() {
        sim.faults().latency(Duration.ofMillis(150));
        long started = System.nanoTime();

        client.get("/version");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void adminEndpointInjectsFaultsAndReportsCounts() throws Exception {
        client.createContainer(502);
        String faults = """
                {"errorBursts":[{"method":"POST","pathRegex":"/status/start$","status":500,
                                 "message":"got no worker upid","count":1}],
                 "taskFaults":[{"workerType":"vzstart","vmid":502,"outcome":"ERROR",
                                "message":"startup for container '502' failed","log":["run_buffer: 571 Script exited with status 1"]}]}
                """;
        HttpResponse<String> posted = admin("POST", "/_sandbox/faults", faults);
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(PveTestClient.JSON.readTree(posted.body()).get("data").get("errorBursts")).hasSize(1);

        assertThat(client.post("/nodes/pve/lxc/502/status/start").message()).isEqualTo("got no worker upid\n");
        String upid = client.post("/nodes/pve/lxc/502/status/start").data().asText();
        JsonNode status = client.awaitTask(upid);
        assertThat(status.get("exitstatus").asText()).isEqualTo("startup for container '502' failed");
        assertThat(client.get("/nodes/pve/lxc/502/status/current").data().get("status").asText()).isEqualTo("stopped");

        JsonNode stats = PveTestClient.JSON.readTree(admin("GET", "/_sandbox/stats", null).body()).get("data");
        assertThat(stats.get("containers").asInt()).isEqualTo(1);
        assertThat(stats.get("requests").get("POST").asLong()).isEqualTo(sim.requestCounts().get("POST"));

        HttpResponse<String> bad = admin("POST", "/_sandbox/faults", "{\"errorBursts\":[{\"status\":200,\"message\":\"x\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(admin("DELETE", "/_sandbox/faults", null).statusCode()).isEqualTo(200);
    }

    @Test
    void adminEndpointNeedsCredentials() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sandbox/stats")).GET().build();

        assertThat(client.http().send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void requestCountsCountApiRequestsByMethodAndReset() throws Exception {
        sim.resetCounts();
        client.get("/version");
        client.get("/nodes");
        client.post("/nodes/pve/lxc/900/status/start");
        admin("GET", "/_sandbox/stats", null);

        assertThat(sim.requestCounts()).containsEntry("GET", 2L).containsEntry("POST", 1L).hasSize(2);
        sim.resetCounts();
        assertThat(sim.requestCounts()).isEmpty();
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret())
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return client.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
