package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.pve.TaskDurations;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor's script, run with Debian's python3 against the simulator: pxci's no-op reads, N + 3 GETs, verified TLS. */
class FloorTest {
    @TempDir
    Path work;

    @Test
    void theFloorMakesTheNoOpsReadsAndNothingElse() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.start(Duration.ZERO, TaskDurations.uniform(Duration.ZERO), work)) {
            for (int vmid = 700; vmid < 703; vmid++) {
                create(cluster, vmid);
            }
            Path script = work.resolve("floor.py");
            try (InputStream in = Tools.class.getResourceAsStream("floor.py")) {
                Files.copy(in, script);
            }
            Map<String, String> env = new HashMap<>(cluster.pxciEnvironment());
            env.put("REQUESTS_CA_BUNDLE", cluster.ansibleEnvironment().get("REQUESTS_CA_BUNDLE"));
            cluster.resetCounts();

            ProcessBuilder builder = new ProcessBuilder(python(), script.toString(), "--parallelism", "2", "--expect", "3")
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());

            assertThat(process.waitFor()).as(output).isZero();
            assertThat(output).contains("read 3 configs");
            assertThat(cluster.requestCounts()).containsExactly(Map.entry("GET", 6L));
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** A container made through the API as any client makes it: the create POST, then its task followed. */
    private static void create(SimulatedCluster cluster, int vmid) throws Exception {
        String token = cluster.pxciEnvironment().get("PXCI_PROXMOX_TOKEN") + "=" + cluster.pxciEnvironment().get("PXCI_PROXMOX_SECRET");
        String form = "vmid=" + vmid + "&ostemplate=local%3Avztmpl%2Fdebian-12-standard_12.7-1_amd64.tar.zst&rootfs=local-lvm%3A4";
        HttpRequest post = HttpRequest.newBuilder(URI.create(cluster.pxciEnvironment().get("PXCI_PROXMOX_URL") + "/api2/json/nodes/pve/lxc"))
                .header("Authorization", "PVEAPIToken=" + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> created = client(cluster).send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String upid = new ObjectMapper().readTree(created.body()).get("data").asText();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String status = cluster.get("/nodes/pve/tasks/" + URLEncoder.encode(upid, StandardCharsets.UTF_8) + "/status")
                    .path("data").path("status").asText();
            seen.add(status);
            if (status.equals("stopped")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the create of " + vmid + " did not end: " + seen);
    }

    private static HttpClient client(SimulatedCluster cluster) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(cluster.ansibleEnvironment().get("REQUESTS_CA_BUNDLE")))) {
            trust.setCertificateEntry("pve", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }
}
