package dev.pxci.adapter.gitea.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * JSON over Gitea's {@code /api/v1} with Apache HttpClient 5 (classic). Answers come back with
 * their status for the caller to branch on; {@link #failure} turns an unwanted one into a
 * {@link PxciException} carrying Gitea's {@code message} and {@code url}. Every text that leaves
 * this class has the known secrets redacted. Thread-safe.
 */
public final class GiteaHttp implements AutoCloseable {
    private static final int MAX_ERROR_TEXT = 300;
    private final URI baseUrl;
    private final CloseableHttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Redactor redactor = Redactor.none();

    /** An answer: status and the body parsed leniently (a missing node when it is not JSON). */
    public record Response(int status, JsonNode body, String text) {
        public boolean is(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return true;
                }
            }
            return false;
        }
    }

    public GiteaHttp(URI baseUrl, boolean insecure, Duration timeout) {
        this.baseUrl = baseUrl;
        Timeout t = Timeout.of(timeout);
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build());
        if (insecure) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(trustEverything(), NoopHostnameVerifier.INSTANCE));
        }
        this.client = HttpClients.custom().setConnectionManager(connections.build()).disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .setUserAgent("pxci").build();
    }

    /** Adds a value that must never show up in a message. */
    public synchronized void redact(Secret secret) {
        redactor = redactor.with(secret);
    }

    public String redacted(String text) {
        return redactor.apply(text);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** One path segment, percent-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sends a request to {@code /api/v1} + {@code path} (already encoded, with its query), with
     * {@code authorization} as the header value when not null, and {@code body} as JSON when not null.
     */
    public Response exchange(String method, String path, Object body, String authorization) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(apiRoot() + path));
        request.setHeader("Accept", "application/json");
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        try {
            if (body != null) {
                request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
            }
            return client.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                String text = new String(bytes, StandardCharsets.UTF_8);
                return new Response(response.getCode(), parse(text), text);
            });
        } catch (SSLException e) {
            throw new PxciException(ErrorCode.FAILED, redacted("TLS with Gitea at " + baseUrl + " failed: "
                    + e.getMessage()), "give the JVM a trust store with Gitea's certificate, or set"
                    + " gitea.insecure=true to skip verification (not for production)");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.TRANSIENT, redacted("cannot reach Gitea at " + baseUrl + " (" + method
                    + " " + pathOnly(path) + "): " + e), "check gitea.url and that Gitea is running", null);
        }
    }

    /** The error for an answer the caller did not expect, with Gitea's message and a hint. */
    public PxciException failure(String method, String path, Response response, String doing) {
        int status = response.status();
        String said = response.body().path("message").asText("");
        String url = response.body().path("url").asText("");
        if (said.isEmpty()) {
            String text = response.text().strip();
            said = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
        }
        JsonNode errors = response.body().path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            said = said + " " + errors;
        }
        String message = "Gitea answered " + status + " to " + method + " " + pathOnly(path) + " while " + doing
                + (said.isEmpty() ? "" : ": " + said) + (url.isEmpty() ? "" : " (" + url + ")");
        return new PxciException(code(status), redacted(message), hint(status));
    }

    private static ErrorCode code(int status) {
        return switch (status) {
            case 400, 422 -> ErrorCode.INVALID_INPUT;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.UNSUPPORTED;
            case 409 -> ErrorCode.CONFLICT;
            case 423 -> ErrorCode.LOCKED;
            case 408, 429, 500, 502, 503, 504 -> ErrorCode.TRANSIENT;
            default -> status >= 500 ? ErrorCode.TRANSIENT : ErrorCode.FAILED;
        };
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> "check gitea.token, or gitea.user and gitea.password";
            case 403 -> "the token needs the scopes write:repository and write:organization, and the user"
                    + " must be allowed to change the organisation and repository";
            case 404 -> "check the names, that the organisation exists, and that gitea.url is Gitea's root URL";
            case 405 -> "this Gitea release does not offer that call";
            case 400, 422 -> "Gitea rejected the input; correct it and run again";
            default -> status >= 500 || status == 429 ? "Gitea failed or is overloaded; look at its log and retry"
                    : null;
        };
    }

    private String apiRoot() {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private JsonNode parse(String text) {
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = json.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static SSLContext trustEverything() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // insecure mode, chosen explicitly with gitea.insecure and reported as a warning
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // insecure mode, chosen explicitly with gitea.insecure and reported as a warning
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
