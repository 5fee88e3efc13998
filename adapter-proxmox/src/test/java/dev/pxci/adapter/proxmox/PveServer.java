package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pxci.adapter.proxmox.internal.Tuning;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.WWWFormCodec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTPS server (WireMock) that answers like a Proxmox VE node, in the shapes the
 * reference documents: {@code {"data": ...}} envelopes, string numbers, 500s whose text is in the
 * reason phrase and, on newer servers, also in the body's {@code message}.
 */
final class PveServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/api2/json";
    static final String TOKEN_ID = "root@pam!ci";
    static final String TOKEN_SECRET = "0f5e1c7a-token-secret-4b1d-9c3e";
    static final Tuning FAST = new Tuning(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(1),
            Duration.ofMillis(5), 4, Duration.ofSeconds(2), Duration.ofHours(1), 5, 8);

    final WireMockServer wm;
    final SelfSignedCertificate certificate = SelfSignedCertificate.get();

    PveServer() {
        wm = new WireMockServer(WireMockConfiguration.options()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(certificate.keystore.toString())
                .keystorePassword(SelfSignedCertificate.PASSWORD)
                .keyManagerPassword(SelfSignedCertificate.PASSWORD)
                .keystoreType("PKCS12")
                .http2TlsDisabled(true)
                .containerThreads(16));
        wm.start();
    }

    String url() {
        return "https://127.0.0.1:" + wm.httpsPort();
    }

    /** Settings for a token-authenticated client that pins this server's certificate. */
    Map<String, String> tokenSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("proxmox.url", url());
        values.put("proxmox.token", TOKEN_ID);
        values.put("proxmox.fingerprint", certificate.fingerprint);
        return values;
    }

    ContainerPlatform platform() {
        return platform(tokenSettings(), Map.of("proxmox.secret", Secret.of(TOKEN_SECRET)), FAST);
    }

    ContainerPlatform platform(Map<String, String> values, Map<String, Secret> secrets, Tuning tuning) {
        return new ProxmoxPlatformFactory().create(new AdapterConfig(values, secrets), tuning);
    }

    void reset() {
        wm.resetAll();
    }

    // ---- answers -------------------------------------------------------------------------

    static ResponseDefinitionBuilder data(String json) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Server", "pve-api-daemon/3.0")
                .withBody("{\"data\":" + json + "}");
    }

    /** An error as PVE before libpve-http-server 5.2 sends it: the text only in the reason phrase. */
    static ResponseDefinitionBuilder reasonOnly(int status, String reason) {
        return aResponse().withStatus(status).withStatusMessage(reason)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"data\":null}");
    }

    /** An error as newer PVE sends it: first line in the reason phrase, full text in {@code message}. */
    static ResponseDefinitionBuilder withMessage(int status, String message) {
        return aResponse().withStatus(status).withStatusMessage(message.lines().findFirst().orElse(""))
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"data\":null,\"message\":" + quote(message + "\n") + "}");
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String upid(String node, String type, int vmid) {
        return "UPID:" + node + ":0003E968:016E6414:63AD7D74:" + type + ":" + vmid + ":" + TOKEN_ID + ":";
    }

    // ---- common stubs --------------------------------------------------------------------

    void stub(MappingBuilder mapping) {
        wm.stubFor(mapping);
    }

    void version(String repoid) {
        version(repoid, "");
    }

    /** {@code GET /version} with extra fields ({@code ,"container-processes":0}). */
    void version(String repoid, String extraFields) {
        stub(get(urlPathEqualTo(API + "/version")).willReturn(data(
                "{\"version\":\"9.1.3\",\"release\":\"9.1\",\"repoid\":\"" + repoid + "\",\"console\":\"html5\""
                        + extraFields + "}")));
    }

    /** Every task on {@code node} ended OK. */
    void tasksOk(String node) {
        stub(get(urlPathMatching(API + "/nodes/" + node + "/tasks/[^/]+/status"))
                .willReturn(data("{\"status\":\"stopped\",\"exitstatus\":\"OK\",\"type\":\"vzcreate\",\"node\":\""
                        + node + "\"}")));
    }

    void resources(String listJson) {
        stub(get(urlPathEqualTo(API + "/cluster/resources")).withQueryParam("type", equalTo("vm")).willReturn(data(listJson)));
    }

    /** The config of CT {@code vmid}, served as {@code config} and as a {@code pending} list with nothing pending. */
    void config(String node, int vmid, String configJson) {
        stub(get(urlPathEqualTo(API + "/nodes/" + node + "/lxc/" + vmid + "/config")).willReturn(data(configJson)));
        stub(get(urlPathEqualTo(API + "/nodes/" + node + "/lxc/" + vmid + "/pending")).willReturn(data(pendingOf(configJson))));
    }

    /** A {@code pending} list as Proxmox VE gives it for {@code configJson}: each key with its value in effect. */
    static String pendingOf(String configJson) {
        try {
            ArrayNode items = JSON.createArrayNode();
            JSON.readTree(configJson).properties().forEach(e -> items.addObject().put("key", e.getKey()).set("value", e.getValue()));
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The requests received, oldest first. */
    List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new ArrayList<>();
        for (ServeEvent event : wm.getAllServeEvents()) {
            requests.add(0, event.getRequest());
        }
        return requests;
    }

    /** The requests received, oldest first, as {@code METHOD /path?query} without the API prefix, decoded. */
    List<String> calls() {
        return requests().stream().map(PveServer::call).toList();
    }

    static String call(LoggedRequest request) {
        String url = URLDecoder.decode(request.getUrl(), StandardCharsets.UTF_8);
        return request.getMethod().getName() + " " + (url.startsWith(API) ? url.substring(API.length()) : url);
    }

    /** The one request made to {@code METHOD path} (path without the API prefix and query). */
    LoggedRequest only(String method, String path) {
        List<LoggedRequest> matching = requests().stream()
                .filter(r -> r.getMethod().getName().equals(method))
                .filter(r -> URLDecoder.decode(r.getUrl().split("\\?")[0], StandardCharsets.UTF_8).equals(API + path))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + " but saw " + calls());
        }
        return matching.get(0);
    }

    /** The form fields of a POST or PUT, in the order sent. */
    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (NameValuePair pair : WWWFormCodec.parse(request.getBodyAsString(), StandardCharsets.UTF_8)) {
            fields.put(pair.getName(), pair.getValue());
        }
        return fields;
    }

    @Override
    public void close() {
        wm.stop();
    }
}
