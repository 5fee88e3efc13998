package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiNodeTest {

    private static PveSimulator sim;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().nodes("pve1", "pve2").taskDurations(TaskDurations.uniform(Duration.ZERO)).start();
        client = new PveTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void everyNodeIsListedAndTheClusterIsQuorate() {
        assertThat(client.get("/nodes").data().findValuesAsText("node")).containsExactly("pve1", "pve2");
        JsonNode status = client.get("/cluster/status").data();
        assertThat(status.get(0).get("type").asText()).isEqualTo("cluster");
        assertThat(status.get(0).get("quorate").asInt()).isEqualTo(1);
        assertThat(status.findValuesAsText("name")).contains("pve1", "pve2");
    }

    @Test
    void containersLiveOnTheNodeTheyWereCreatedOn() {
        PveTestClient.Reply created = client.post("/nodes/pve2/lxc", "vmid", "800",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        assertThat(created.data().asText()).startsWith("UPID:pve2:");
        client.awaitTask(created.data().asText());

        assertThat(client.get("/nodes/pve2/lxc/800/status/current").status()).isEqualTo(200);
        assertThat(client.get("/nodes/pve1/lxc/800/status/current").message())
                .isEqualTo("Configuration file 'nodes/pve1/lxc/800.conf' does not exist\n");
        JsonNode resource = client.get("/cluster/resources", "type", "vm").data().get(0);
        assertThat(resource.get("node").asText()).isEqualTo("pve2");
        assertThat(client.post("/nodes/pve1/lxc", "vmid", "800",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst").message())
                .isEqualTo("unable to create CT 800 - CT 800 already exists on node 'pve2'\n");

        PveTestClient.Reply crossNode = client.post("/nodes/pve2/lxc/800/clone", "newid", "801", "target", "pve1");
        assertThat(crossNode.message()).isEqualTo("can't clone to non-shared storage\n");
    }

    @Test
    void unknownNodeFailsLikeAHostnameLookup() {
        PveTestClient.Reply reply = client.get("/nodes/pve9/lxc");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.message()).startsWith("hostname lookup 'pve9' failed");
    }

    @Test
    void jsonBodiesAreAcceptedLikeForms() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api2/json/nodes/pve1/lxc"))
                .header("Authorization", "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"vmid": 810, "ostemplate": "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                         "rootfs": "local-lvm:2", "unprivileged": true, "onboot": false, "cores": 2}
                        """))
                .build();

        PveTestClient.Reply reply = client.sendRaw(request);
        client.awaitTask(reply.data().asText());

        JsonNode config = client.get("/nodes/pve1/lxc/810/config").data();
        assertThat(config.get("cores").asInt()).isEqualTo(2);
        assertThat(config.get("onboot").asInt()).isZero();
        assertThat(config.get("unprivileged").asInt()).isEqualTo(1);
    }
}
