package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.Redactor;
import java.util.List;
import org.apache.hc.core5.http.HttpRequest;

/** Puts credentials on requests. Thread-safe. */
interface Authenticator {

    /**
     * Adds the credentials to {@code request} ({@code write}: POST/PUT/DELETE, which need the CSRF
     * token in ticket mode) and returns the session used, to be handed back to {@link #rejected}.
     */
    Object authenticate(HttpRequest request, boolean write);

    /**
     * The server answered 401 to a request made with {@code session}. Returns true when fresh
     * credentials were obtained and the request may be repeated once.
     */
    boolean rejected(Object session);

    /** Removes every secret this authenticator holds (password, token secret, ticket, CSRF token) from {@code text}. */
    String redact(String text);

    /** API token: one header, no session, nothing to renew. */
    final class Token implements Authenticator {
        private final Credentials.ApiToken token;
        private final Redactor redactor;

        Token(Credentials.ApiToken token) {
            this.token = token;
            this.redactor = Redactor.of(List.of(token.secret()));
        }

        @Override
        public Object authenticate(HttpRequest request, boolean write) {
            request.setHeader("Authorization", "PVEAPIToken=" + token.tokenId() + "=" + token.secret().reveal());
            return token;
        }

        @Override
        public boolean rejected(Object session) {
            return false;
        }

        @Override
        public String redact(String text) {
            return redactor.apply(text);
        }
    }
}
