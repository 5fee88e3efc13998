package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The sandbox as a user's cluster: the Proxmox VE and Gitea simulators, reached over HTTPS as an
 * administrator would (root's token), and the {@code PXCI_ACCEPTANCE_*} variables that point the
 * suite at them, as a user would set them.
 */
final class SandboxCluster implements AutoCloseable {
    static final int FIRST = 9100;
    static final int LAST = 9104;
    private static final ObjectMapper JSON = new ObjectMapper();

    final PveSimulator pve;
    final GiteaSimulator gitea;
    private final HttpClient http;

    SandboxCluster() {
        pve = PveSimulator.builder().start();
        gitea = GiteaSimulator.builder().start();
        http = HttpClient.newBuilder().sslContext(pve.certificate().clientContextTrustingOnlyThis())
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The variables of a user who points the suite at this cluster with root's token, told to go ahead. */
    Map<String, String> variables() {
        return variables(pve.tokenId(), pve.tokenSecret());
    }

    Map<String, String> variables(String tokenId, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_ACCEPTANCE_URL", pve.baseUrl());
        env.put("PXCI_ACCEPTANCE_TOKEN", tokenId);
        env.put("PXCI_ACCEPTANCE_SECRET", secret);
        env.put("PXCI_ACCEPTANCE_FINGERPRINT", pve.fingerprint());
        env.put("PXCI_ACCEPTANCE_IDS", FIRST + "-" + LAST);
        env.put("PXCI_ACCEPTANCE_GITEA_URL", gitea.baseUrl());
        env.put("PXCI_ACCEPTANCE_GO", "yes");
        return env;
    }

    /** An API call as root (its token); the answer's {@code data}, or an error with PVE's text. */
    JsonNode call(String method, String path, String... pairs) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            form.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        boolean body = method.equals("POST") || method.equals("PUT");
        String query = body || form.length() == 0 ? "" : "?" + form;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pve.baseUrl() + "/api2/json" + path + query))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "PVEAPIToken=" + pve.tokenId() + "=" + pve.tokenSecret());
        if (body) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode tree = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + tree.path("message").asText());
            }
            return tree.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Follows a task to its end, polling with backoff for at most a minute. */
    void await(String upid) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long pause = 50;
        while (!call("GET", "/nodes/pve/tasks/" + URLEncoder.encode(upid, StandardCharsets.UTF_8).replace("+", "%20")
                + "/status").path("status").asText().equals("stopped")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + upid + " did not end within a minute");
            }
            sleepMillis(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }

    /** The vmids in the suite's range, as root sees them. */
    java.util.List<Integer> guestsInRange() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (JsonNode entry : call("GET", "/cluster/resources", "type", "vm")) {
            int vmid = entry.path("vmid").asInt();
            if (vmid >= FIRST && vmid <= LAST) {
                out.add(vmid);
            }
        }
        return out;
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        gitea.close();
        pve.close();
    }
}
