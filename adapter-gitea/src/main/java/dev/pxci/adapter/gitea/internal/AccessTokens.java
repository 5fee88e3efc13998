package dev.pxci.adapter.gitea.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The access token every API call and HTTP push uses: the configured one, or one minted once from
 * the user and password ({@code POST /users/{user}/tokens} with Basic auth, the only call that
 * ever sends the password) and kept for the life of the adapter. Thread-safe.
 */
public final class AccessTokens {
    /** What pxci does with Gitea: repositories, secrets and variables of organisations, runner tokens. */
    public static final List<String> SCOPES = List.of("write:organization", "write:repository");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GiteaHttp http;
    private final Optional<String> user;
    private final Optional<Secret> password;
    private Secret token;

    public AccessTokens(GiteaHttp http, Optional<Secret> token, Optional<String> user, Optional<Secret> password) {
        this.http = http;
        this.user = user;
        this.password = password;
        this.token = token.filter(t -> !t.isEmpty()).orElse(null);
        token.ifPresent(http::redact);
        password.ifPresent(http::redact);
    }

    /** The {@code Authorization} header value if a token is at hand without minting, else null. */
    public synchronized String headerIfKnown() {
        return token == null ? null : "token " + token.reveal();
    }

    /** The {@code Authorization} header value, minting the token first if needed. */
    public String header() {
        return "token " + token().reveal();
    }

    /** The user name to give git over HTTP with the token (Gitea looks only at the token). */
    public String gitUser() {
        return user.orElse("pxci");
    }

    public synchronized Secret token() {
        if (token == null) {
            token = mint();
        }
        return token;
    }

    private Secret mint() {
        if (user.isEmpty() || password.isEmpty()) {
            throw new PxciException(ErrorCode.UNAUTHORIZED, "no credentials for Gitea",
                    "set gitea.token, or gitea.user and gitea.password so pxci can create a token");
        }
        String name = "pxci-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().formatHex(randomBytes());
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
        SCOPES.forEach(body.putArray("scopes")::add);
        String path = "/users/" + GiteaHttp.segment(user.get()) + "/tokens";
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (user.get() + ":" + password.get().reveal()).getBytes(StandardCharsets.UTF_8));
        GiteaHttp.Response response = http.exchange("POST", path, body, basic);
        if (response.status() != 201) {
            PxciException failure = http.failure("POST", path, response, "creating an access token for "
                    + user.get() + " (with the password, by Basic auth)");
            if (response.status() == 401 || response.status() == 403) {
                throw new PxciException(failure.code(), failure.getMessage(), "check gitea.user and gitea.password;"
                        + " a user with two-factor authentication needs gitea.token instead");
            }
            throw failure;
        }
        String value = response.body().path("sha1").asText("");
        if (value.isEmpty()) {
            throw new PxciException(ErrorCode.FAILED, "Gitea created the token " + name + " but did not return it",
                    "create a token in Gitea's settings and set gitea.token");
        }
        Secret minted = Secret.of(value);
        http.redact(minted);
        return minted;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
