package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The few Proxmox VE API calls the suite makes itself, with the token of its settings: reads for
 * the preflight and the checks, and what cleaning up needs (stop, destroy, follow a task).
 * Thread-safe.
 */
final class PveApi {

    /** An answer other than 200; the message is the API's error text. */
    static final class Failure extends RuntimeException {
        private final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final String base;
    private final HttpClient http;

    PveApi(Settings settings) {
        this.settings = settings;
        String url = settings.url().replaceAll("/+$", "");
        this.base = url.endsWith("/api2/json") ? url : url + "/api2/json";
        this.http = HttpClient.newBuilder().sslContext(ApiTrust.context(settings)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    JsonNode get(String path, String... query) {
        return send("GET", path + query(query), null);
    }

    JsonNode post(String path, String... form) {
        return send("POST", path, query(form).replaceFirst("^\\?", ""));
    }

    JsonNode delete(String path, String... query) {
        return send("DELETE", path + query(query), null);
    }

    /** Follows a task (a UPID) until it stops, at most {@code limit}; returns its exit status. */
    String await(String upid, Duration limit) {
        String node = upid.split(":")[1];
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 100;
        while (true) {
            JsonNode status = get("/nodes/" + node + "/tasks/" + encode(upid) + "/status");
            if (status.path("status").asText().equals("stopped")) {
                return status.path("exitstatus").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new Failure(0, "task " + upid + " still running after " + limit.toSeconds() + "s");
            }
            sleep(pause);
            pause = Math.min(pause * 2, 2000);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        }
    }

    private JsonNode send(String method, String pathAndQuery, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "PVEAPIToken=" + settings.tokenId() + "=" + settings.secret().reveal());
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(0, method + " " + pathAndQuery + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            String message = body.path("message").asText("").strip();
            JsonNode errors = body.path("errors");
            throw new Failure(response.statusCode(), settings.scrub((message.isEmpty() ? "HTTP " + response.statusCode()
                    : message) + (errors.isObject() && errors.size() > 0 ? " " + errors : "")));
        }
        return body.path("data");
    }

    private static String query(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        if (map.isEmpty()) {
            return "";
        }
        StringJoiner out = new StringJoiner("&", "?", "");
        map.forEach((k, v) -> out.add(encode(k) + "=" + encode(v)));
        return out.toString();
    }
}
