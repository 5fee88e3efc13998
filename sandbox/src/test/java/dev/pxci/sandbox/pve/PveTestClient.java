package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small PVE API client for the tests: JDK HttpClient over real TLS that trusts exactly the
 * simulator's certificate, token auth by default, form-encoded writes like proxmoxer.
 */
final class PveTestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, the parsed body, the raw headers. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        JsonNode data() {
            return body.get("data");
        }

        String message() {
            return body.path("message").asText();
        }
    }

    private final PveSimulator sim;
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    PveTestClient(PveSimulator sim) {
        this.sim = sim;
        this.http = HttpClient.newBuilder()
                .sslContext(sim.certificate().clientContextTrustingOnlyThis())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        useToken(sim.tokenId(), sim.tokenSecret());
    }

    PveTestClient useToken(String tokenId, String secret) {
        headers.clear();
        headers.put("Authorization", "PVEAPIToken=" + tokenId + "=" + secret);
        return this;
    }

    PveTestClient useHeaders(Map<String, String> replacement) {
        headers.clear();
        headers.putAll(replacement);
        return this;
    }

    Reply get(String path, String... query) {
        return send("GET", path + queryString(query), null);
    }

    Reply delete(String path, String... query) {
        return send("DELETE", path + queryString(query), null);
    }

    Reply post(String path, String... form) {
        return send("POST", path, form(form));
    }

    Reply put(String path, String... form) {
        return send("PUT", path, form(form));
    }

    Reply send(String method, String pathAndQuery, String formBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api2/json" + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        if (formBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(formBody));
        }
        return exchange(request.build());
    }

    Reply sendRaw(HttpRequest request) {
        return exchange(request);
    }

    private Reply exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    /** Polls the task status until it is stopped and returns the final status object. */
    JsonNode awaitTask(String upid) {
        String node = upid.split(":")[1];
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Reply reply = get("/nodes/" + node + "/tasks/" + encode(upid) + "/status");
            if (reply.status() == 200 && reply.data().path("status").asText().equals("stopped")) {
                return reply.data();
            }
            pause();
        }
        throw new AssertionError("task did not end within 20 s: " + upid);
    }

    /** Starts a create and waits until the container exists and is unlocked. */
    String createContainer(int vmid, String... extra) {
        List<String> form = new ArrayList<>(List.of("vmid", Integer.toString(vmid),
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
                "hostname", "ct" + vmid, "rootfs", "local-lvm:8",
                "net0", "name=eth0,bridge=vmbr0,ip=dhcp"));
        form.addAll(List.of(extra));
        Reply reply = post("/nodes/pve/lxc", form.toArray(String[]::new));
        if (reply.status() != 200) {
            throw new AssertionError("create failed: " + reply.status() + " " + reply.body());
        }
        String upid = reply.data().asText();
        JsonNode status = awaitTask(upid);
        if (!status.path("exitstatus").asText().equals("OK")) {
            throw new AssertionError("create task ended with " + status);
        }
        return upid;
    }

    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String queryString(String... pairs) {
        String encoded = form(pairs);
        return encoded.isEmpty() ? "" : "?" + encoded;
    }

    private static String form(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return out.toString();
    }
}
