package dev.pxci.adapter.gitea.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Accepts a server only when one known_hosts file lists its key for the host (by name or address,
 * hashed or not) and no {@code @revoked} line names that key. Never asks, never writes the file.
 */
final class KnownHostsKeyDatabase implements ServerKeyDatabase {
    private final Path knownHosts;

    KnownHostsKeyDatabase(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return keys(connectAddress, remoteAddress, false);
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        boolean revoked = keys(connectAddress, remoteAddress, true).stream()
                .anyMatch(k -> KeyUtils.compareKeys(k, serverKey));
        return !revoked && keys(connectAddress, remoteAddress, false).stream()
                .anyMatch(k -> KeyUtils.compareKeys(k, serverKey));
    }

    private List<PublicKey> keys(String connectAddress, InetSocketAddress remoteAddress, boolean revokedOnes) {
        String host = connectAddress;
        int port = remoteAddress.getPort();
        if (host.startsWith("[") && host.contains("]:")) {
            port = Integer.parseInt(host.substring(host.indexOf("]:") + 2));
            host = host.substring(1, host.indexOf("]:"));
        }
        String address = remoteAddress.getAddress() == null ? null : remoteAddress.getAddress().getHostAddress();
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHosts)) {
                String marker = entry.getMarker();
                boolean isRevoked = "revoked".equals(marker);
                boolean otherMarker = marker != null && !isRevoked; // @cert-authority is not supported
                if (otherMarker || isRevoked != revokedOnes || entry.getKeyEntry() == null) {
                    continue;
                }
                if (entry.isHostMatch(host, port) || (address != null && entry.isHostMatch(address, port))) {
                    PublicKey key = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                    if (key != null) {
                        keys.add(key);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + knownHosts, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read a key in " + knownHosts, e);
        }
        return keys;
    }
}
