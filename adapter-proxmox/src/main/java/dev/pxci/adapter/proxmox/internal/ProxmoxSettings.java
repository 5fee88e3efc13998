package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adapter's settings, validated: where the API is, how to authenticate, how to check TLS,
 * timeouts and the id range. Built from an {@link AdapterConfig}; every malformed value fails
 * with {@code INVALID_INPUT} naming the key and what it accepts.
 *
 * @param apiBase the API root, ending in {@code /api2/json}
 * @param readers API reads sent at once when observing many containers, 1 to {@link #MAX_READERS}
 */
public record ProxmoxSettings(
        URI apiBase,
        Credentials credentials,
        TlsPolicy tls,
        Duration connectTimeout,
        Duration readTimeout,
        Duration taskTimeout,
        Optional<IdRange> idRange,
        int readers) {

    public static final String URL = "proxmox.url";
    public static final String HOST = "proxmox.host";
    public static final String USER = "proxmox.user";
    public static final String TOKEN = "proxmox.token";
    public static final String SECRET = "proxmox.secret";
    public static final String PASSWORD = "proxmox.password";
    public static final String FINGERPRINT = "proxmox.fingerprint";
    public static final String CA_FILE = "proxmox.ca-file";
    public static final Setting<Boolean> INSECURE = Setting.flag("proxmox.insecure",
            "accept any certificate (warned on every run)", false);
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("proxmox.connect-timeout",
            "TCP/TLS connect timeout", Duration.ofSeconds(10));
    public static final Setting<Duration> READ_TIMEOUT = Setting.duration("proxmox.read-timeout",
            "timeout waiting for an API answer", Duration.ofSeconds(60));
    public static final Setting<Duration> TASK_TIMEOUT = Setting.duration("proxmox.task-timeout",
            "deadline for one task (create, start, destroy, ...)", Duration.ofMinutes(30));
    public static final String ID_RANGE = "proxmox.id-range";
    /** The most reads a run sends at once, so that a cluster is never flooded. */
    public static final int MAX_READERS = 32;
    /**
     * Measured against the simulator on two cores: at 30 ms a request, 16 reads in flight observe
     * 500 containers 1.25x faster than 8 and as fast as 32; at 5 ms, 16 cost what 8 do, while 32
     * are 1.2x slower (a TLS handshake for every further connection).
     */
    public static final Setting<Integer> READERS = Setting.number("proxmox.readers",
            "API reads sent at once when observing many containers (1 to " + MAX_READERS + ")", 16);

    public static final int DEFAULT_PORT = 8006;
    private static final String API_PATH = "/api2/json";

    private static final Pattern USER_FORMAT = Pattern.compile("[^\\s:/@!]+@[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern FULL_TOKEN = Pattern.compile("(" + USER_FORMAT.pattern() + ")!(" + TOKEN_NAME.pattern() + ")");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");
    private static final Pattern ID_RANGE_FORMAT = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");

    public ProxmoxSettings {
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(taskTimeout, "taskTimeout");
        Objects.requireNonNull(idRange, "idRange");
        if (readers < 1 || readers > MAX_READERS) {
            throw new IllegalArgumentException("readers must be 1 to " + MAX_READERS + ", was " + readers);
        }
    }

    /** Reads and validates every {@code proxmox.*} key. */
    public static ProxmoxSettings from(AdapterConfig config) {
        return new ProxmoxSettings(
                apiBase(config),
                credentials(config),
                tls(config),
                positive(config, CONNECT_TIMEOUT),
                positive(config, READ_TIMEOUT),
                positive(config, TASK_TIMEOUT),
                idRange(config),
                readers(config));
    }

    private static URI apiBase(AdapterConfig config) {
        Optional<String> url = config.get(URL);
        Optional<String> host = config.get(HOST);
        if (url.isPresent() && host.isPresent()) {
            throw invalid("both '" + URL + "' and '" + HOST + "' are set", "set only one: " + URL
                    + "=https://HOST:8006 or " + HOST + "=HOST[:PORT]");
        }
        if (url.isPresent()) {
            return fromUrl(url.get().trim());
        }
        if (host.isPresent()) {
            return fromHost(host.get().trim());
        }
        throw invalid("setting '" + URL + "' is required but not set",
                "set " + URL + "=https://HOST:8006 (or " + HOST + "=HOST)");
    }

    private static URI fromUrl(String raw) {
        String accepted = "an https URL such as https://pve.example.org:8006";
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid("setting '" + URL + "' has the value '" + raw + "', which is not " + accepted, null);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid("setting '" + URL + "' has the value '" + raw + "', which is not " + accepted
                    + " (https only: credentials never travel in clear; no user info, query or fragment)", null);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(API_PATH)) {
            path = path + API_PATH;
        }
        return URI.create("https://" + uri.getRawAuthority() + path);
    }

    private static URI fromHost(String raw) {
        Matcher m = HOST_PORT.matcher(raw);
        if (!m.matches()) {
            throw invalid("setting '" + HOST + "' has the value '" + raw
                    + "', which is not a host name or address with an optional port (pve.example.org, 192.0.2.10:8006)", null);
        }
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw invalid("setting '" + HOST + "' has the port " + port + ", which is not between 1 and 65535", null);
        }
        return URI.create("https://" + m.group(1) + ":" + port + API_PATH);
    }

    private static Credentials credentials(AdapterConfig config) {
        Optional<String> token = config.get(TOKEN);
        Optional<String> user = config.get(USER).map(String::trim);
        user.ifPresent(u -> {
            if (!USER_FORMAT.matcher(u).matches()) {
                throw invalid("setting '" + USER + "' has the value '" + u + "', which is not USER@REALM (root@pam)", null);
            }
        });
        if (token.isPresent()) {
            String tokenId = tokenId(token.get().trim(), user);
            Secret secret = config.secret(SECRET).filter(s -> !s.isEmpty()).orElseThrow(() -> invalid(
                    "setting '" + SECRET + "' (the API token's secret) is required with " + TOKEN,
                    "set it in the environment as PXCI_PROXMOX_SECRET or in the secrets file"));
            return new Credentials.ApiToken(tokenId, secret);
        }
        Optional<Secret> password = config.secret(PASSWORD).filter(s -> !s.isEmpty());
        if (password.isPresent()) {
            String name = user.orElseThrow(() -> invalid("setting '" + USER + "' is required with " + PASSWORD,
                    "set " + USER + "=USER@REALM (root@pam)"));
            return new Credentials.Password(name, password.get());
        }
        throw invalid("no Proxmox VE credentials are set",
                "set " + TOKEN + "=USER@REALM!TOKENID with " + SECRET + ", or " + USER + " with " + PASSWORD);
    }

    private static String tokenId(String raw, Optional<String> user) {
        String accepted = "USER@REALM!TOKENID (root@pam!ci), or TOKENID together with " + USER;
        Matcher full = FULL_TOKEN.matcher(raw);
        if (full.matches()) {
            if (user.isPresent() && !user.get().equals(full.group(1))) {
                throw invalid("setting '" + TOKEN + "' belongs to " + full.group(1) + " but '" + USER + "' is " + user.get(),
                        "make them agree, or leave " + USER + " unset");
            }
            return raw;
        }
        if (TOKEN_NAME.matcher(raw).matches()) {
            return user.map(u -> u + "!" + raw).orElseThrow(() -> invalid("setting '" + TOKEN
                    + "' is a bare token name, so '" + USER + "' is required", "use " + accepted));
        }
        throw invalid("setting '" + TOKEN + "' is not " + accepted, null);
    }

    private static TlsPolicy tls(AdapterConfig config) {
        Optional<String> fingerprint = config.get(FINGERPRINT);
        Optional<String> caFile = config.get(CA_FILE);
        boolean insecure = INSECURE.from(config);
        List<String> chosen = new ArrayList<>();
        fingerprint.ifPresent(f -> chosen.add(FINGERPRINT));
        caFile.ifPresent(f -> chosen.add(CA_FILE));
        if (insecure) {
            chosen.add(INSECURE.name());
        }
        if (chosen.size() > 1) {
            throw invalid("settings " + String.join(", ", chosen) + " are exclusive",
                    "choose one way to trust the server: a pinned fingerprint, a CA file, or (not recommended) insecure");
        }
        if (fingerprint.isPresent()) {
            String raw = fingerprint.get().trim();
            byte[] sha256 = Fingerprints.parse(raw).orElseThrow(() -> invalid("setting '" + FINGERPRINT
                    + "' has the value '" + raw + "', which is not a SHA-256 fingerprint: 64 hex digits, "
                    + "optionally in colon-separated pairs (AB:CD:...)",
                    "read it on the node with: pvenode cert info (the SHA-256 line)"));
            return new TlsPolicy.Pinned(sha256);
        }
        if (caFile.isPresent()) {
            Path file = Path.of(caFile.get().trim());
            if (!Files.isReadable(file)) {
                throw invalid("setting '" + CA_FILE + "' names '" + file + "', which is not a readable file",
                        "give the path of a PEM file with the CA certificate (the cluster's /etc/pve/pve-root-ca.pem)");
            }
            return new TlsPolicy.CaFile(file);
        }
        return insecure ? new TlsPolicy.Insecure() : new TlsPolicy.SystemTrust();
    }

    private static Duration positive(AdapterConfig config, Setting<Duration> setting) {
        Duration value = setting.from(config);
        if (value.isNegative() || value.isZero()) {
            throw invalid("setting '" + setting.name() + "' is " + value + ", which is not a positive duration", null);
        }
        return value;
    }

    private static int readers(AdapterConfig config) {
        int readers = READERS.from(config);
        if (readers < 1 || readers > MAX_READERS) {
            throw invalid("setting '" + READERS.name() + "' is " + readers + ", which is not 1 to " + MAX_READERS,
                    "give how many reads may be in flight at once; more than " + MAX_READERS + " would flood a cluster");
        }
        return readers;
    }

    private static Optional<IdRange> idRange(AdapterConfig config) {
        Optional<String> raw = config.get(ID_RANGE);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String accepted = "a range FIRST-LAST within " + IdRange.MIN_VMID + "-" + IdRange.MAX_VMID + " (1000-1999)";
        Matcher m = ID_RANGE_FORMAT.matcher(raw.get());
        if (!m.matches()) {
            throw invalid("setting '" + ID_RANGE + "' has the value '" + raw.get() + "', which is not " + accepted, null);
        }
        try {
            return Optional.of(new IdRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (IllegalArgumentException e) {
            throw invalid("setting '" + ID_RANGE + "' has the value '" + raw.get() + "', which is not " + accepted, null);
        }
    }

    private static PxciException invalid(String message, String hint) {
        return new PxciException(ErrorCode.INVALID_INPUT, message, hint);
    }
}
