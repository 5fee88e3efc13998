package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.time.Backoff;
import dev.pxci.proxmox.model.Lenient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The Proxmox VE API over HTTPS: one pooled, thread-safe HTTP client per endpoint, credentials on
 * every request, the {@code {"data": ...}} envelope unwrapped ({@link JsonTree}) and errors classified. Calls that
 * meet a lock are repeated with backoff; calls that meet a fault known to pass (595-599 from the
 * node proxy, 502-504, "got no worker upid", a dropped connection) are repeated only when
 * {@link Repeat#SAFE}; any other error is final at once; a 401 leads to one fresh login.
 */
public final class PveClient implements AutoCloseable {

    /** Whether repeating a call whose outcome is unknown (dropped connection, 5xx) can do harm. */
    public enum Repeat {
        /** Reads, and writes whose repetition converges on the same state. */
        SAFE,
        /** Writes that must not run twice (create, clone, reboot). */
        UNSAFE,
        /** Writes whose every failure goes back to the caller at once, which looks whether it landed first (create). */
        NEVER
    }

    /** What pxci is doing while it waits on the API, for "interrupted while ...". */
    static final String WAITING = "waiting for Proxmox VE";
    private final URI apiBase;
    private final String endpoint;
    private final Credentials credentials;
    private final Tuning tuning;
    private final CloseableHttpClient http;
    private final Authenticator authenticator;

    public PveClient(ProxmoxSettings settings, Tuning tuning) {
        this.apiBase = settings.apiBase();
        this.endpoint = "https://" + apiBase.getRawAuthority();
        this.credentials = settings.credentials();
        this.tuning = tuning;
        TlsTrust trust = TlsTrust.of(settings.tls());
        var connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(trust.sslContext(), HostnameVerificationPolicy.CLIENT,
                        trust.hostnameVerifier()))
                .setMaxConnTotal(Math.max(tuning.maxConnections(), settings.readers()))
                .setMaxConnPerRoute(Math.max(tuning.maxConnections(), settings.readers()))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(settings.readTimeout())).build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .setUserAgent("pxci-adapter-proxmox")
                .build();
        this.authenticator = credentials instanceof Credentials.Password password
                ? new TicketAuthenticator(password, form -> send("POST", "/access/ticket", form, Repeat.SAFE, false),
                        tuning.ticketRenewAfter())
                : new Authenticator.Token((Credentials.ApiToken) credentials);
    }

    /** Joins path segments, percent-encoding each ({@code path("nodes", node, "tasks", upid, "status")}). */
    public static String path(Object... segments) {
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            out.append('/').append(URLEncoder.encode(String.valueOf(segment), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    public Credentials credentials() {
        return credentials;
    }

    public String endpoint() {
        return endpoint;
    }

    public Tuning tuning() {
        return tuning;
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    public JsonNode get(String path, Map<String, String> query) {
        return send("GET", path, query, Repeat.SAFE, true);
    }

    public JsonNode post(String path, Map<String, String> form, Repeat repeat) {
        return send("POST", path, form, repeat, true);
    }

    public JsonNode put(String path, Map<String, String> form, Repeat repeat) {
        return send("PUT", path, form, repeat, true);
    }

    public JsonNode delete(String path, Map<String, String> query, Repeat repeat) {
        return send("DELETE", path, query, repeat, true);
    }

    /** Removes every secret value known to this client from {@code text}. */
    public String redact(String text) {
        return authenticator.redact(text);
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }

    private JsonNode send(String method, String path, Map<String, String> params, Repeat repeat, boolean authenticated) {
        Backoff.Wait backoff = retries().start(WAITING);
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, params, authenticated);
            } catch (ApiError e) {
                boolean again = repeat != Repeat.NEVER && (e.code() == ErrorCode.LOCKED
                        || e.code() == ErrorCode.TRANSIENT && (repeat == Repeat.SAFE || e.nothingSent()));
                if (!again || attempt >= tuning.attempts()) {
                    throw e;
                }
                backoff.pause();
            }
        }
    }

    /** The pauses between repeats of a call that met a lock or a transient failure. */
    Backoff retries() {
        return Backoff.exponential(tuning.retryFirst(), tuning.retryMax());
    }

    private JsonNode sendOnce(String method, String path, Map<String, String> params, boolean authenticated) {
        boolean write = !method.equals("GET");
        Object session = null;
        Exchange answer = null;
        for (int round = 0; round < 2; round++) {
            HttpUriRequestBase request = request(method, path, params);
            session = authenticated ? authenticator.authenticate(request, write) : null;
            answer = execute(request, method, path);
            if (answer.status() != 401 || !authenticated || round == 1 || !authenticator.rejected(session)) {
                break;
            }
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            JsonNode data = answer.body() == null ? null : answer.body().get("data");
            return data == null ? NullNode.getInstance() : data;
        }
        throw classify(method, path, params, answer);
    }

    private ApiError classify(String method, String path, Map<String, String> params, Exchange answer) {
        JsonNode body = answer.body();
        String text = Lenient.text(body, "message").map(String::strip).filter(s -> !s.isEmpty()).orElse(answer.reason());
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode errorsNode = body == null ? null : body.get("errors");
        if (errorsNode != null && errorsNode.isObject()) {
            errorsNode.properties().forEach(e -> errors.put(e.getKey(), e.getValue().asText()));
        }
        return ErrorClassifier.classify(method + " " + path, path, Optional.ofNullable(params.get("vmid")), answer.status(),
                text, errors, credentials.identity(), credentials instanceof Credentials.ApiToken, authenticator::redact);
    }

    private HttpUriRequestBase request(String method, String path, Map<String, String> params) {
        URI uri = uri(path, method.equals("GET") || method.equals("DELETE") ? params : Map.of());
        HttpUriRequestBase request = switch (method) {
            case "GET" -> new HttpGet(uri);
            case "DELETE" -> new HttpDelete(uri);
            case "POST" -> new HttpPost(uri);
            case "PUT" -> new HttpPut(uri);
            default -> throw new IllegalArgumentException("unsupported method " + method);
        };
        if (method.equals("POST") || method.equals("PUT")) {
            List<NameValuePair> form = new ArrayList<>();
            params.forEach((k, v) -> form.add(new BasicNameValuePair(k, v)));
            request.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        }
        request.setHeader("Accept", "application/json");
        return request;
    }

    private URI uri(String path, Map<String, String> query) {
        try {
            URIBuilder builder = new URIBuilder(URI.create(apiBase.toString() + path));
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot build an API address from path " + path, null, e);
        }
    }

    private record Exchange(int status, String reason, JsonNode body) {
    }

    private Exchange execute(HttpUriRequestBase request, String method, String path) {
        try {
            return http.execute(request, (ClassicHttpResponse response) -> {
                String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Exchange(response.getCode(), response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
                        parse(text));
            });
        } catch (IOException e) {
            throw transport(e, method + " " + path);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonTree.parse(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private ApiError transport(IOException e, String call) {
        String where = endpoint + " (" + call + ")";
        UntrustedCertificateException untrusted = cause(e, UntrustedCertificateException.class);
        if (untrusted != null) {
            return new ApiError(ErrorCode.UNAUTHORIZED, "TLS: refused " + where + ": " + untrusted.getMessage(),
                    "if this is your Proxmox VE node, compare with 'pvenode cert info' on it and set proxmox.fingerprint="
                            + untrusted.seenFingerprint() + " (or proxmox.ca-file to the cluster CA)",
                    0, "", Map.of(), false, e);
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return new ApiError(ErrorCode.UNAUTHORIZED, "TLS: refused " + where + ": " + e.getMessage(),
                    "connect by a name the certificate carries, or pin the certificate with proxmox.fingerprint",
                    0, "", Map.of(), false, e);
        }
        if (e instanceof SSLException) {
            return new ApiError(ErrorCode.UNAUTHORIZED, "TLS handshake with " + where + " failed: " + e.getMessage(),
                    "check proxmox.url, proxmox.fingerprint and proxmox.ca-file", 0, "", Map.of(), false, e);
        }
        if (e instanceof ConnectTimeoutException || e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException) {
            return new ApiError(ErrorCode.TRANSIENT, "cannot connect to " + where + ": " + e.getMessage(),
                    "check that the node is up and proxmox.url is right", 0, "", Map.of(), true, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new ApiError(ErrorCode.TRANSIENT, "no answer from " + where + " within the read timeout",
                    "raise proxmox.read-timeout if the node is slow", 0, "", Map.of(), false, e);
        }
        return new ApiError(ErrorCode.TRANSIENT, "the connection to " + where + " failed: " + e, null, 0, "", Map.of(),
                false, e);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
