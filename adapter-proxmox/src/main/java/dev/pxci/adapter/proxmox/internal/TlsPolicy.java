package dev.pxci.adapter.proxmox.internal;

import java.nio.file.Path;
import java.util.Objects;

/** How the server's certificate is checked. Verification is on unless {@link Insecure} is chosen explicitly. */
public sealed interface TlsPolicy {

    /** The JVM's default trust store and host name verification. */
    record SystemTrust() implements TlsPolicy {
    }

    /** Certificates in a PEM file are the trust anchors (e.g. the cluster's {@code pve-root-ca.pem}); host names are verified. */
    record CaFile(Path file) implements TlsPolicy {
        public CaFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Exactly the server certificate with this SHA-256 fingerprint is accepted, whatever its name or issuer. */
    record Pinned(byte[] sha256) implements TlsPolicy {
        public Pinned {
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pinned other && java.util.Arrays.equals(sha256, other.sha256);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(sha256);
        }

        @Override
        public String toString() {
            return "Pinned[" + Fingerprints.format(sha256) + "]";
        }
    }

    /** Any certificate is accepted; reported as a warning on every run. */
    record Insecure() implements TlsPolicy {
    }
}
