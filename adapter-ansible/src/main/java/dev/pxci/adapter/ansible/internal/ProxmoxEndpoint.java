package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Proxmox VE API is and how to authenticate and verify it, in the shapes Ansible needs:
 * {@code api_host} as {@code HOST:PORT} (the community.general 6.x module has no port option),
 * the token's user and name apart, and a CA file for {@code REQUESTS_CA_BUNDLE} and {@code ca_path}.
 *
 * @param host host name or address (IPv6 without brackets is not supported by the module)
 * @param port API port
 * @param user {@code USER@REALM} owning the token
 * @param tokenName the token's name ({@code TOKENID})
 * @param secret the token's secret
 * @param caFile the CA certificate to trust instead of the system store, if any
 * @param fingerprint the pinned SHA-256 fingerprint of the node's certificate (hex, no colons, lower case), if any
 * @param insecure certificate verification off
 */
public record ProxmoxEndpoint(String host, int port, String user, String tokenName, Secret secret, Optional<Path> caFile,
        Optional<String> fingerprint, boolean insecure) {

    public static final String URL = "proxmox.url";
    public static final String HOST = "proxmox.host";
    public static final String USER = "proxmox.user";
    public static final String TOKEN = "proxmox.token";
    public static final String SECRET = "proxmox.secret";
    public static final String CA_FILE = "proxmox.ca-file";
    public static final String FINGERPRINT = "proxmox.fingerprint";
    public static final Setting<Boolean> INSECURE = Setting.flag("proxmox.insecure",
            "accept any certificate (warned on every run)", false);
    public static final int DEFAULT_PORT = 8006;

    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final Pattern USER_FORMAT = Pattern.compile("[^\\s:/@!]+@[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    public ProxmoxEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tokenName, "tokenName");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Reads and validates the {@code proxmox.*} keys; malformed ones fail with {@code INVALID_INPUT} naming the key. */
    public static ProxmoxEndpoint from(AdapterConfig config) {
        Optional<String> url = config.get(URL);
        Optional<String> hostKey = config.get(HOST);
        if (url.isPresent() && hostKey.isPresent()) {
            throw invalid("both '" + URL + "' and '" + HOST + "' are set", "set only one");
        }
        String hostPort = url.map(ProxmoxEndpoint::hostPortOfUrl)
                .or(() -> hostKey.map(String::strip))
                .orElseThrow(() -> invalid("setting '" + URL + "' is required but not set",
                        "set " + URL + "=https://HOST:8006 (or " + HOST + "=HOST[:PORT])"));
        Matcher m = HOST_PORT.matcher(hostPort);
        if (!m.matches()) {
            throw invalid("the Proxmox VE address '" + hostPort + "' is not HOST or HOST:PORT",
                    "use a host name or IPv4 address; the Ansible module cannot take a bracketed IPv6 address");
        }
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw invalid("port " + port + " in '" + hostPort + "' is not between 1 and 65535", null);
        }
        String token = config.require(TOKEN).strip();
        Optional<String> user = config.get(USER).map(String::strip);
        String tokenUser;
        String tokenName;
        int bang = token.indexOf('!');
        if (bang >= 0) {
            tokenUser = token.substring(0, bang);
            tokenName = token.substring(bang + 1);
            if (user.isPresent() && !user.get().equals(tokenUser)) {
                throw invalid("'" + TOKEN + "' belongs to " + tokenUser + " but '" + USER + "' is " + user.get(),
                        "drop " + USER + " or make them agree");
            }
        } else {
            tokenUser = user.orElseThrow(() -> invalid("'" + TOKEN + "' is a bare token name, so '" + USER + "' is required",
                    "set " + TOKEN + "=USER@REALM!TOKENID or also set " + USER + "=USER@REALM"));
            tokenName = token;
        }
        if (!USER_FORMAT.matcher(tokenUser).matches()) {
            throw invalid("the token's user '" + tokenUser + "' is not USER@REALM", null);
        }
        if (!TOKEN_NAME.matcher(tokenName).matches()) {
            throw invalid("the token name '" + tokenName + "' is not a Proxmox token id", "letters, digits, '.', '_', '-'");
        }
        Optional<Path> caFile = config.get(CA_FILE).map(f -> Path.of(f.strip()).toAbsolutePath());
        caFile.ifPresent(f -> {
            if (!Files.isReadable(f)) {
                throw invalid("'" + CA_FILE + "' names " + f + ", which cannot be read", "give the PEM file of the CA");
            }
        });
        Optional<String> fingerprint = config.get(FINGERPRINT).map(f -> f.replace(":", "").strip().toLowerCase(java.util.Locale.ROOT));
        fingerprint.ifPresent(f -> {
            if (!f.matches("[0-9a-f]{64}")) {
                throw invalid("'" + FINGERPRINT + "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)",
                        "read it with 'pvenode cert info' on the node");
            }
        });
        boolean insecure = INSECURE.from(config);
        int ways = (caFile.isPresent() ? 1 : 0) + (fingerprint.isPresent() ? 1 : 0) + (insecure ? 1 : 0);
        if (ways > 1) {
            throw invalid("more than one of '" + CA_FILE + "', '" + FINGERPRINT + "' and '" + INSECURE.name() + "=true' is set",
                    "choose one way to trust the node");
        }
        return new ProxmoxEndpoint(m.group(1), port, tokenUser, tokenName, config.requireSecret(SECRET), caFile, fingerprint,
                insecure);
    }

    /** {@code HOST:PORT}, what the module's {@code api_host} takes. */
    public String apiHost() {
        return host + ":" + port;
    }

    /** The API root for {@code ansible.builtin.uri}. */
    public String apiUrl() {
        return "https://" + host + ":" + port + "/api2/json";
    }

    /** {@code USER@REALM!TOKENID}. */
    public String tokenId() {
        return user + "!" + tokenName;
    }

    /** The value of the {@code Authorization} header, itself a secret. */
    public Secret authorization() {
        return Secret.of("PVEAPIToken=" + tokenId() + "=" + secret.reveal());
    }

    private static String hostPortOfUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw invalid("setting '" + URL + "' has the value '" + raw + "', which is not an https URL", null);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null) {
            throw invalid("setting '" + URL + "' has the value '" + raw + "', which is not an https URL such as"
                    + " https://pve.example.org:8006", "https only: the token never travels in clear");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty() && !path.equals("/api2/json")) {
            throw invalid("setting '" + URL + "' has the path '" + path + "'; the Ansible module always uses /api2/json",
                    "give only https://HOST:PORT");
        }
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static PxciException invalid(String message, String hint) {
        return new PxciException(ErrorCode.INVALID_INPUT, message, hint);
    }
}
