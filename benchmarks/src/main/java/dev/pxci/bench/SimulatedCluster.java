package dev.pxci.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.pve.PveSimulator;
import dev.pxci.sandbox.pve.TaskDurations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Proxmox VE simulator one measurement runs against, with the benchmark's latency and task
 * durations, and the settings each tool needs to reach it over verified TLS with the API token.
 */
final class SimulatedCluster implements AutoCloseable {
    private final PveSimulator simulator;
    private final Path caBundle;
    private final HttpClient client;

    private SimulatedCluster(PveSimulator simulator, Path caBundle) {
        this.simulator = simulator;
        this.caBundle = caBundle;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(simulator.certificate().clientContextTrustingOnlyThis())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts a fresh, empty cluster; its certificate is written to {@code work} for Ansible's requests library. */
    static SimulatedCluster start(Duration latency, TaskDurations durations, Path work) throws IOException {
        PveSimulator simulator = PveSimulator.builder().latency(latency).taskDurations(durations).start();
        try {
            Path ca = Files.writeString(work.resolve("pve-ca-" + simulator.port() + ".pem"), simulator.certificatePem());
            return new SimulatedCluster(simulator, ca);
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** What {@code pxci} reads: the API address, the token, and the certificate pinned by its fingerprint. */
    Map<String, String> pxciEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_PROXMOX_URL", simulator.baseUrl());
        env.put("PXCI_PROXMOX_TOKEN", simulator.tokenId());
        env.put("PXCI_PROXMOX_SECRET", simulator.tokenSecret());
        env.put("PXCI_PROXMOX_FINGERPRINT", simulator.fingerprint());
        return env;
    }

    /** What the benchmark's playbook reads: the port and the token secret; the CA bundle for requests. */
    Map<String, String> ansibleEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_PVE_PORT", Integer.toString(simulator.port()));
        env.put("PXCI_PVE_TOKEN_ID", simulator.tokenId().substring(simulator.tokenId().indexOf('!') + 1));
        env.put("PXCI_PVE_TOKEN_SECRET", simulator.tokenSecret());
        env.put("REQUESTS_CA_BUNDLE", caBundle.toString());
        return env;
    }

    /** API requests since the last {@link #resetCounts()}, by HTTP method, sorted. */
    Map<String, Long> requestCounts() {
        return new TreeMap<>(simulator.requestCounts());
    }

    void resetCounts() {
        simulator.resetCounts();
    }

    /** The containers the cluster lists as running, read with one API request. */
    long runningContainers() throws IOException, InterruptedException {
        JsonNode data = get("/cluster/resources?type=vm").path("data");
        long running = 0;
        for (JsonNode resource : data) {
            if ("lxc".equals(resource.path("type").asText()) && "running".equals(resource.path("status").asText())) {
                running++;
            }
        }
        return running;
    }

    /** One authenticated GET of the API ({@code /api2/json} + {@code path}); fails on any status but 200. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Sends one GET of {@code path} and returns whether it answered 200; for throughput runs. */
    boolean ping(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api2/json" + path))
                .header("Authorization", "PVEAPIToken=" + simulator.tokenId() + "=" + simulator.tokenSecret())
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void close() {
        simulator.close();
    }
}
