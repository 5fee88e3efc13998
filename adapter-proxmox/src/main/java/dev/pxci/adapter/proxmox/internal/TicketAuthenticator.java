package dev.pxci.adapter.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import dev.pxci.proxmox.model.Lenient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Ticket authentication: {@code POST /access/ticket} with user and password buys a ticket (sent as
 * the {@code PVEAuthCookie} cookie) and a CSRF token (sent on every write). Tickets live two hours:
 * one older than {@link Tuning#ticketRenewAfter()} is renewed by posting it as the password, and a
 * 401 leads to exactly one fresh login. Thread-safe.
 */
final class TicketAuthenticator implements Authenticator {
    private final Credentials.Password credentials;
    private final Function<Map<String, String>, JsonNode> login;
    private final Duration renewAfter;
    private volatile Session session;

    /** @param login posts the form to {@code /access/ticket} without credentials and returns {@code data} */
    TicketAuthenticator(Credentials.Password credentials, Function<Map<String, String>, JsonNode> login, Duration renewAfter) {
        this.credentials = credentials;
        this.login = login;
        this.renewAfter = renewAfter;
    }

    private record Session(Secret ticket, Secret csrf, long issuedNanos) {
    }

    @Override
    public Object authenticate(HttpRequest request, boolean write) {
        Session current = current();
        request.setHeader("Cookie", "PVEAuthCookie=" + URLEncoder.encode(current.ticket().reveal(), StandardCharsets.UTF_8));
        if (write) {
            request.setHeader("CSRFPreventionToken", current.csrf().reveal());
        }
        return current;
    }

    @Override
    public synchronized boolean rejected(Object used) {
        if (session != used) {
            return true;
        }
        session = login(credentials.password());
        return true;
    }

    @Override
    public String redact(String text) {
        Session current = session;
        return Redactor.of(current == null ? List.of(credentials.password())
                : List.of(credentials.password(), current.ticket(), current.csrf())).apply(text);
    }

    private Session current() {
        Session current = session;
        if (current != null && System.nanoTime() - current.issuedNanos() <= renewAfter.toNanos()) {
            return current;
        }
        synchronized (this) {
            if (session == null) {
                session = login(credentials.password());
            } else if (System.nanoTime() - session.issuedNanos() > renewAfter.toNanos()) {
                session = renew(session);
            }
            return session;
        }
    }

    private Session renew(Session old) {
        try {
            return login(old.ticket());
        } catch (PxciException e) {
            if (e.code() != ErrorCode.UNAUTHORIZED) {
                throw e;
            }
            return login(credentials.password());
        }
    }

    private Session login(Secret password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", credentials.user());
        form.put("password", password.reveal());
        JsonNode data = login.apply(form);
        if (Lenient.bool(data, "NeedTFA", false)) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "the login of " + credentials.user()
                    + " asks for a second factor (TFA), which this adapter cannot supply",
                    "use an API token (proxmox.token + proxmox.secret) for automation");
        }
        String ticket = Lenient.text(data, "ticket").orElse(null);
        String csrf = Lenient.text(data, "CSRFPreventionToken").orElse(null);
        if (ticket == null || csrf == null) {
            throw new PxciException(ErrorCode.FAILED, "the login of " + credentials.user()
                    + " answered without a ticket or CSRF token", "check that proxmox.url points at a Proxmox VE API");
        }
        return new Session(Secret.of(ticket), Secret.of(csrf), System.nanoTime());
    }
}
