package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PveApiShapeTest {

    private static PveSimulator sim;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().seed(42L).start();
        client = new PveTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void versionReportsRelease91TheSandboxRepoIdAndContainersThatRunNoProcesses() {
        PveTestClient.Reply reply = client.get("/version");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("release").asText()).isEqualTo("9.1");
        assertThat(reply.data().get("version").asText()).isEqualTo("9.1.3");
        assertThat(reply.data().get("repoid").asText()).isEqualTo("pxci-sandbox");
        assertThat(reply.data().get("container-processes").asInt()).isZero();
        assertThat(reply.raw().headers().firstValue("Server")).contains("pve-api-daemon/3.0");
        assertThat(reply.raw().headers().firstValue("Content-Type")).contains("application/json;charset=UTF-8");
    }

    @Test
    void freshClusterLooksLikeAFreshInstall() {
        JsonNode nodes = client.get("/nodes").data();
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).get("node").asText()).isEqualTo("pve");
        assertThat(nodes.get(0).get("status").asText()).isEqualTo("online");
        assertThat(nodes.get(0).get("ssl_fingerprint").asText()).isEqualTo(sim.fingerprint());

        JsonNode storages = client.get("/nodes/pve/storage").data();
        assertThat(storages.findValuesAsText("storage")).containsExactly("local", "local-lvm");
        assertThat(storages.get(0).get("content").asText()).isEqualTo("backup,iso,vztmpl");
        assertThat(storages.get(1).get("content").asText()).isEqualTo("images,rootdir");

        JsonNode templateStores = client.get("/nodes/pve/storage", "content", "vztmpl").data();
        assertThat(templateStores.findValuesAsText("storage")).containsExactly("local");

        JsonNode content = client.get("/nodes/pve/storage/local/content", "content", "vztmpl").data();
        assertThat(content.findValuesAsText("volid"))
                .containsExactly("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");

        JsonNode bridges = client.get("/nodes/pve/network", "type", "bridge").data();
        assertThat(bridges.get(0).get("iface").asText()).isEqualTo("vmbr0");
    }

    @Test
    void nextIdIsAStringAndTakenIdsAre400WithAnErrorsEntry() {
        PveTestClient.Reply next = client.get("/cluster/nextid");
        assertThat(next.data().isTextual()).isTrue();
        assertThat(next.data().asText()).isEqualTo("100");

        client.createContainer(182);
        PveTestClient.Reply taken = client.get("/cluster/nextid", "vmid", "182");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body().get("errors").get("vmid").asText()).isEqualTo("VM 182 already exists");
        assertThat(client.get("/cluster/nextid", "vmid", "183").data().asText()).isEqualTo("183");
    }

    @Test
    void clusterResourcesFilterByTypeAndCarryIntegerVmids() {
        client.createContainer(181);

        JsonNode vms = client.get("/cluster/resources", "type", "vm").data();
        JsonNode ct = null;
        for (JsonNode item : vms) {
            if (item.get("vmid").asInt() == 181) {
                ct = item;
            }
            assertThat(item.get("type").asText()).isEqualTo("lxc");
        }
        assertThat(ct).isNotNull();
        assertThat(ct.get("vmid").isInt()).isTrue();
        assertThat(ct.get("id").asText()).isEqualTo("lxc/181");
        assertThat(ct.get("node").asText()).isEqualTo("pve");
        assertThat(ct.get("name").asText()).isEqualTo("ct181");
        assertThat(ct.has("lock")).isFalse();

        JsonNode storages = client.get("/cluster/resources", "type", "storage").data();
        assertThat(storages.findValuesAsText("type")).containsOnly("storage");
        JsonNode nodes = client.get("/cluster/resources", "type", "node").data();
        assertThat(nodes.findValuesAsText("id")).containsExactly("node/pve");
    }

    @Test
    void thePendingListCarriesEveryConfigKeyWithItsValueAndTheDigest() {
        client.createContainer(185);

        JsonNode config = client.get("/nodes/pve/lxc/185/config").data();
        JsonNode pending = client.get("/nodes/pve/lxc/185/pending").data();
        Map<String, String> listed = new TreeMap<>();
        pending.forEach(item -> {
            assertThat(item.has("pending") || item.has("delete")).as("nothing waits for a restart here").isFalse();
            listed.put(item.get("key").asText(), item.get("value").asText());
        });
        Map<String, String> read = new TreeMap<>();
        config.properties().forEach(e -> read.put(e.getKey(), e.getValue().asText()));
        assertThat(listed).isEqualTo(read).containsKey("digest");
    }

    @Test
    void unknownParameterIs400WithTheSchemaMessageInTheErrorsMap() {
        PveTestClient.Reply reply = client.post("/nodes/pve/lxc/100/clone", "newid", "200", "name", "x");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo("Parameter verification failed.\n");
        assertThat(reply.body().get("data").isNull()).isTrue();
        assertThat(reply.body().get("errors").get("name").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
    }

    @Test
    void typesBoundsEnumsAndPropertyStringsAreValidated() {
        PveTestClient.Reply reply = client.post("/nodes/pve/lxc", "vmid", "99", "ostemplate", "x", "cores", "two",
                "cmode", "bogus", "net0", "name=eth0,colour=blue", "onboot", "maybe");

        assertThat(reply.status()).isEqualTo(400);
        JsonNode errors = reply.body().get("errors");
        assertThat(errors.get("vmid").asText()).isEqualTo("value must have a minimum value of 100");
        assertThat(errors.get("cores").asText()).isEqualTo("type check ('integer') failed - got 'two'");
        assertThat(errors.get("cmode").asText()).startsWith("value 'bogus' does not have a value in the enumeration");
        assertThat(errors.get("onboot").asText()).isEqualTo("type check ('boolean') failed - got 'maybe'");
        assertThat(errors.get("net0").asText()).contains("net0.colour: property is not defined in schema");
    }

    @Test
    void missingRequiredParameterIsReported() {
        PveTestClient.Reply reply = client.post("/nodes/pve/lxc", "vmid", "150");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").get("ostemplate").asText())
                .isEqualTo("property is missing and it is not optional");
    }

    @Test
    void missingContainerIs500DoesNotExist() {
        PveTestClient.Reply reply = client.get("/nodes/pve/lxc/4242/status/current");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.message()).isEqualTo("Configuration file 'nodes/pve/lxc/4242.conf' does not exist\n");
    }

    @Test
    void unknownMethodIs501NotImplemented() {
        PveTestClient.Reply reply = client.post("/nodes/pve/lxc/100/exec");

        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.message()).isEqualTo("Method 'POST /api2/json/nodes/pve/lxc/100/exec' not implemented\n");
    }

    @Test
    void errorTextIsTheReasonPhraseOnTheWire() throws Exception {
        List<String> head = rawExchange("GET /api2/json/nodes/pve/lxc/4243/config HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret() + "\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(head.get(0)).isEqualTo("HTTP/1.1 500 Configuration file 'nodes/pve/lxc/4243.conf' does not exist");
        assertThat(head.get(head.size() - 1))
                .isEqualTo("{\"data\":null,\"message\":\"Configuration file 'nodes/pve/lxc/4243.conf' does not exist\\n\"}");
    }

    @Test
    void successStatusLineIsOk() throws Exception {
        List<String> head = rawExchange("GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: PVEAPIToken " + sim.tokenId() + "=" + sim.tokenSecret() + "\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
    }

    /** Sends a request over a raw TLS socket and returns every line of the answer. */
    private static List<String> rawExchange(String request) throws Exception {
        try (SSLSocket socket = (SSLSocket) sim.certificate().clientContextTrustingOnlyThis().getSocketFactory()
                .createSocket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }
}
