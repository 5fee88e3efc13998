package dev.pxci.sandbox.pve;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authentication as pveproxy does it: API tokens ({@code PVEAPIToken=USER@REALM!ID=SECRET}),
 * tickets from {@code POST /access/ticket} (cookie {@code PVEAuthCookie}, two hours, renewable by
 * logging in with the ticket as password) and the CSRF token that writes with a ticket need.
 * Tickets are HMAC-signed, so the simulator keeps no session table. Thread-safe.
 */
final class Access {

    static final String ROOT = "root@pam";
    static final String TOKEN_NAME = "pxci";
    static final long TICKET_LIFETIME_SECONDS = 2 * 3600;

    /** Who a request acts as: the user, and the token name for token calls. */
    record Identity(String user, String tokenName) {
        /** The user field of a UPID: {@code root@pam} or {@code root@pam!pxci}. */
        String upidUser() {
            return tokenName == null ? user : user + "!" + tokenName;
        }

        boolean viaTicket() {
            return tokenName == null;
        }
    }

    /** A ticket and its CSRF token, as returned by {@code POST /access/ticket}. */
    record Login(String username, String ticket, String csrfToken) {
    }

    private final String tokenSecret;
    private final String rootPassword;
    private final AccessControl control = new AccessControl();
    private volatile byte[] signingKey;

    Access(String tokenSecret, String rootPassword, byte[] signingKey) {
        this.tokenSecret = tokenSecret;
        this.rootPassword = rootPassword;
        this.signingKey = signingKey.clone();
    }

    String tokenId() {
        return ROOT + "!" + TOKEN_NAME;
    }

    String tokenSecret() {
        return tokenSecret;
    }

    /** The tokens added through the API and the ACL. */
    AccessControl control() {
        return control;
    }

    String rootPassword() {
        return rootPassword;
    }

    byte[] signingKey() {
        return signingKey.clone();
    }

    /** Invalidates every ticket and CSRF token issued up to now by signing with a new key from now on. */
    void expireTickets() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        signingKey = key;
    }

    /**
     * {@code POST /access/ticket}: the password or a still-valid ticket of that user gives a new
     * ticket; anything else is 401 {@code authentication failure}.
     */
    Login login(String username, String password, String realm, long now) {
        String user = username.contains("@") || realm == null ? username : username + "@" + realm;
        boolean byPassword = ROOT.equals(user) && constantTimeEquals(password, rootPassword);
        boolean byTicket = password.startsWith("PVE:") && user.equals(ticketUser(password, now));
        if (!byPassword && !byTicket) {
            throw new PveApiException(401, "authentication failure");
        }
        String stamp = String.format(Locale.ROOT, "%08X", now);
        String plain = "PVE:" + user + ":" + stamp;
        String ticket = plain + "::" + sign(plain);
        return new Login(user, ticket, stamp + ":" + sign("csrf:" + user + ":" + stamp));
    }

    /** The user a ticket was issued to, or null when it is forged, expired or revoked. */
    String ticketUser(String ticket, long now) {
        String[] parts = ticket.split(":", -1);
        if (parts.length != 5 || !parts[0].equals("PVE") || !parts[3].isEmpty()) {
            return null;
        }
        String plain = parts[0] + ":" + parts[1] + ":" + parts[2];
        if (!constantTimeEquals(parts[4], sign(plain))) {
            return null;
        }
        long issued;
        try {
            issued = Long.parseLong(parts[2], 16);
        } catch (NumberFormatException e) {
            return null;
        }
        if (now - issued > TICKET_LIFETIME_SECONDS || issued > now + 300) {
            return null;
        }
        return parts[1];
    }

    boolean csrfValid(String user, String csrfToken, long now) {
        if (csrfToken == null) {
            return false;
        }
        int colon = csrfToken.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String stamp = csrfToken.substring(0, colon);
        long issued;
        try {
            issued = Long.parseLong(stamp, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        return now - issued <= TICKET_LIFETIME_SECONDS
                && constantTimeEquals(csrfToken.substring(colon + 1), sign("csrf:" + user + ":" + stamp));
    }

    /**
     * The identity behind an {@code Authorization: PVEAPIToken...} value; 401 with PVE's texts
     * when the token is unknown or its secret wrong.
     */
    Identity token(String headerValue) {
        String value = headerValue.substring("PVEAPIToken".length());
        if (value.startsWith("=") || value.startsWith(" ")) {
            value = value.substring(1).trim();
        }
        int eq = value.lastIndexOf('=');
        if (eq < 0) {
            throw new PveApiException(401, "permission denied - no tokenid specified");
        }
        String tokenId = value.substring(0, eq);
        String secret = value.substring(eq + 1);
        int bang = tokenId.indexOf('!');
        if (bang < 0) {
            throw new PveApiException(401, "permission denied - invalid tokenid '" + tokenId + "'");
        }
        String user = tokenId.substring(0, bang);
        String name = tokenId.substring(bang + 1);
        boolean builtIn = ROOT.equals(user) && TOKEN_NAME.equals(name);
        java.util.Optional<AccessControl.Token> added = builtIn ? java.util.Optional.empty() : control.token(user, name);
        if (!builtIn && added.isEmpty()) {
            throw new PveApiException(401, "permission denied - no such token '" + name + "' for user '" + user + "'");
        }
        if (!constantTimeEquals(secret, added.map(AccessControl.Token::secret).orElse(tokenSecret))) {
            throw new PveApiException(401, "permission denied - invalid token value!");
        }
        return new Identity(user, name);
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
