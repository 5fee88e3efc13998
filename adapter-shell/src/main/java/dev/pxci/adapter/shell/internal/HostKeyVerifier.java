package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.shell.ShellTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Decides whether a server's host key is trusted: a pinned fingerprint when one is set, otherwise
 * the known_hosts file (hashed and {@code [host]:port} entries included), learning unknown hosts
 * only under {@link HostKeyPolicy#ACCEPT_NEW}. A refusal is recorded in the connection context's
 * {@link #REFUSAL} holder, a message naming both fingerprints, so the connect error can say why.
 */
public final class HostKeyVerifier implements ServerKeyVerifier {
    /** Set on the connection context: the target as the user named it (known_hosts matches names, not addresses). */
    public static final AttributeKey<ShellTarget> TARGET = new AttributeKey<>();
    /** Put in the connection context empty; filled when the key was refused: why, with both fingerprints. */
    public static final AttributeKey<AtomicReference<HostKeyRefusal>> REFUSAL = new AttributeKey<>();

    private final SshSettings settings;

    public HostKeyVerifier(SshSettings settings) {
        this.settings = settings;
    }

    /** Why a host key was not trusted, and what to do. */
    public record HostKeyRefusal(String message, String hint) {
    }

    /** The fingerprint of {@code key} as OpenSSH prints it: {@code SHA256:} and unpadded base64. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        AttributeRepository context = session.getConnectionContext();
        ShellTarget target = context.getAttribute(TARGET);
        Optional<HostKeyRefusal> refusal;
        try {
            refusal = check(target, serverKey);
        } catch (UncheckedIOException e) {
            refusal = Optional.of(new HostKeyRefusal("cannot check the host key of " + target + ": " + e.getMessage(),
                    "fix or remove " + settings.knownHosts()));
        }
        refusal.ifPresent(r -> context.getAttribute(REFUSAL).set(r));
        return refusal.isEmpty();
    }

    Optional<HostKeyRefusal> check(ShellTarget target, PublicKey serverKey) {
        String presented = KeyUtils.getKeyType(serverKey) + " key " + fingerprint(serverKey);
        if (settings.hostKeyFingerprint().isPresent()) {
            String pinned = settings.hostKeyFingerprint().get();
            if (pinned.equals(fingerprint(serverKey))) {
                return Optional.empty();
            }
            return Optional.of(new HostKeyRefusal(
                    "host key of " + target + " does not match: the server presented the " + presented + ", but "
                            + SshSettings.HOST_KEY_FINGERPRINT + " pins " + pinned,
                    "if the container was recreated, pin its new key; otherwise someone may be intercepting the connection"));
        }
        synchronized (this) {
            List<PublicKey> revoked = new ArrayList<>();
            List<PublicKey> known = knownKeys(target, revoked);
            if (revoked.stream().anyMatch(k -> KeyUtils.compareKeys(k, serverKey))) {
                return Optional.of(new HostKeyRefusal(
                        "host key of " + target + " is revoked: the server presented the " + presented + ", which "
                                + settings.knownHosts() + " marks @revoked",
                        "the host must get a new key; do not connect to it until it has one"));
            }
            if (known.stream().anyMatch(k -> KeyUtils.compareKeys(k, serverKey))) {
                return Optional.empty();
            }
            String pattern = KnownHostHashValue.createHostPattern(target.host(), target.port());
            if (!known.isEmpty()) {
                String expected = known.stream().map(k -> KeyUtils.getKeyType(k) + " key " + fingerprint(k))
                        .collect(Collectors.joining(", "));
                return Optional.of(new HostKeyRefusal(
                        "host key of " + target + " does not match: the server presented the " + presented + ", but "
                                + settings.knownHosts() + " expects the " + expected,
                        "if the container was recreated, remove the old entry with: ssh-keygen -R '" + pattern
                                + "' -f " + settings.knownHosts()
                                + "; otherwise someone may be intercepting the connection"));
            }
            if (settings.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW) {
                remember(pattern, serverKey);
                return Optional.empty();
            }
            return Optional.of(new HostKeyRefusal(
                    "host key of " + target + " is not known: the server presented the " + presented + " and "
                            + settings.knownHosts() + " has no entry for " + pattern,
                    "check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and pin it"
                            + " with " + SshSettings.HOST_KEY_FINGERPRINT + ", add the key to " + settings.knownHosts()
                            + ", or set " + SshSettings.HOST_KEY_POLICY.name() + "=accept-new to trust it on first use"));
        }
    }

    private List<PublicKey> knownKeys(ShellTarget target, List<PublicKey> revoked) {
        Path file = settings.knownHosts();
        if (!Files.exists(file)) {
            return List.of();
        }
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
                if (!entry.isHostMatch(target.host(), target.port())) {
                    continue;
                }
                PublicKey key = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key == null) {
                    continue;
                }
                if (entry.getMarker() == null) {
                    keys.add(key);
                } else if ("revoked".equals(entry.getMarker())) {
                    revoked.add(key);
                }
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        return keys;
    }

    private void remember(String pattern, PublicKey key) {
        Path file = settings.knownHosts();
        String line = pattern + " " + PublicKeyEntry.toString(key) + System.lineSeparator();
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else if (Files.size(file) > 0 && !Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
                line = System.lineSeparator() + line;
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the host key to " + file + ": " + e.getMessage(), e);
        }
    }
}
