package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the SSH connector authenticates and which host keys it trusts. Built from the {@code ssh.*}
 * settings by {@link #from(AdapterConfig)}, or directly by a library user.
 *
 * @param privateKey an OpenSSH private key (ed25519, ECDSA or RSA); at least this or {@code password}
 * @param passphrase the key's passphrase, when it is encrypted
 * @param password a password, used only when set
 * @param knownHosts the known_hosts file host keys are checked against (and written to with
 *     {@link HostKeyPolicy#ACCEPT_NEW})
 * @param hostKeyFingerprint a pinned {@code SHA256:...} fingerprint; when set, it alone decides
 * @param hostKeyPolicy what to do with a host missing from known_hosts
 * @param connectTimeout how long one connection attempt (TCP, key exchange, authentication) may take
 * @param keepalive interval of keepalive requests on an idle connection; zero turns them off
 */
public record SshSettings(
        Optional<Path> privateKey,
        Optional<Secret> passphrase,
        Optional<Secret> password,
        Path knownHosts,
        Optional<String> hostKeyFingerprint,
        HostKeyPolicy hostKeyPolicy,
        Duration connectTimeout,
        Duration keepalive) {

    public static final String PRIVATE_KEY = "ssh.private-key";
    public static final String PASSPHRASE = "ssh.passphrase";
    public static final String PASSWORD = "ssh.password";
    public static final Setting<String> KNOWN_HOSTS = Setting.text("ssh.known-hosts",
            "known_hosts file the host keys are checked against", "~/.ssh/known_hosts");
    public static final String HOST_KEY_FINGERPRINT = "ssh.host-key-fingerprint";
    public static final Setting<String> HOST_KEY_POLICY = Setting.text("ssh.host-key-policy",
            "strict (unknown hosts refused) or accept-new (trusted on first use and written to known_hosts)",
            HostKeyPolicy.STRICT.configValue());
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("ssh.connect-timeout",
            "time allowed for one connection attempt", Duration.ofSeconds(10));
    public static final Setting<Duration> KEEPALIVE = Setting.duration("ssh.keepalive",
            "interval of keepalive requests; 0 turns them off", Duration.ofSeconds(15));

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    public SshSettings {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(hostKeyFingerprint, "hostKeyFingerprint");
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepalive, "keepalive");
        if (privateKey.isEmpty() && password.isEmpty()) {
            throw invalid(PRIVATE_KEY, "is not set, and neither is " + PASSWORD
                    + "; set it to an OpenSSH private key file such as ~/.ssh/id_ed25519");
        }
        hostKeyFingerprint = hostKeyFingerprint.map(SshSettings::normalizeFingerprint);
        if (hostKeyFingerprint.isPresent() && hostKeyPolicy == HostKeyPolicy.ACCEPT_NEW) {
            throw invalid(HOST_KEY_POLICY.name(), "is accept-new while " + HOST_KEY_FINGERPRINT
                    + " pins the key; a pinned key is never learned, so drop one of the two");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw invalid(CONNECT_TIMEOUT.name(), "must be positive, was " + connectTimeout);
        }
        if (keepalive.isNegative()) {
            throw invalid(KEEPALIVE.name(), "must not be negative, was " + keepalive);
        }
    }

    /** Reads and checks the {@code ssh.*} settings; a bad value fails with {@code INVALID_INPUT} naming its key. */
    public static SshSettings from(AdapterConfig config) {
        Optional<Path> key = config.get(PRIVATE_KEY).map(v -> path(PRIVATE_KEY, v));
        key.ifPresent(k -> {
            if (!Files.isReadable(k)) {
                throw invalid(PRIVATE_KEY, "names " + k + ", which does not exist or cannot be read");
            }
        });
        String policyValue = HOST_KEY_POLICY.from(config);
        HostKeyPolicy policy = HostKeyPolicy.fromConfigValue(policyValue).orElseThrow(() ->
                invalid(HOST_KEY_POLICY.name(), "has the value '" + policyValue + "', which is not strict or accept-new"));
        return new SshSettings(
                key,
                config.secret(PASSPHRASE),
                config.secret(PASSWORD),
                path(KNOWN_HOSTS.name(), KNOWN_HOSTS.from(config)),
                config.get(HOST_KEY_FINGERPRINT).map(String::trim),
                policy,
                CONNECT_TIMEOUT.from(config),
                KEEPALIVE.from(config));
    }

    private static String normalizeFingerprint(String value) {
        if (!FINGERPRINT.matcher(value).matches()) {
            throw invalid(HOST_KEY_FINGERPRINT, "has the value '" + value
                    + "', which is not a fingerprint as OpenSSH prints it (SHA256: and 43 base64 characters);"
                    + " get it with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
        }
        return value.endsWith("=") ? value.substring(0, value.length() - 1) : value;
    }

    private static Path path(String key, String value) {
        String expanded = value.trim();
        if (expanded.equals("~") || expanded.startsWith("~/")) {
            expanded = System.getProperty("user.home") + expanded.substring(1);
        }
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw invalid(key, "has the value '" + value + "', which is not a file path");
        }
    }

    static PxciException invalid(String key, String problem) {
        return new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key + "' " + problem);
    }
}
