package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The CA file Ansible's HTTP clients (requests for the module, urllib for {@code uri}) are told to
 * trust: {@code proxmox.ca-file} as given, or, for a pinned fingerprint, the node's own certificate
 * once its SHA-256 has been checked against the pin, written to a private file. Python cannot pin a
 * fingerprint itself, so the pinned certificate becomes the only trust anchor; that works for a
 * self-signed certificate (the sandbox's, a node's own), while a certificate issued by a CA needs
 * that CA in {@code proxmox.ca-file}. Empty for the system trust store or when verification is off.
 */
public final class TrustAnchor implements AutoCloseable {
    private final ProxmoxEndpoint endpoint;
    private Path written;

    public TrustAnchor(ProxmoxEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The CA file to trust; fetches and checks the pinned certificate on first use. */
    public synchronized Optional<Path> caFile() {
        if (endpoint.caFile().isPresent() || endpoint.fingerprint().isEmpty()) {
            return endpoint.caFile();
        }
        if (written == null) {
            written = writePinned(fetchPinned(endpoint.fingerprint().get()));
        }
        return Optional.of(written);
    }

    private X509Certificate fetchPinned(String pin) {
        X509Certificate[] presented = new X509Certificate[1];
        TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented[0] = chain[0]; // judged below by its fingerprint, nothing else
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {capture}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new java.net.InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new PxciException(ErrorCode.TRANSIENT, "cannot read the certificate of " + endpoint.apiHost() + ": "
                    + e.getMessage(), "check that " + endpoint.apiUrl() + " is reachable from here");
        }
        String actual = sha256(presented[0]);
        if (!actual.equals(pin)) {
            throw new PxciException(ErrorCode.FAILED, "the certificate of " + endpoint.apiHost() + " has the SHA-256 fingerprint "
                    + colons(actual) + ", not the pinned " + colons(pin), "if the node's certificate was renewed, pin the new"
                    + " fingerprint ('pvenode cert info' on the node); otherwise someone is in the way");
        }
        return presented[0];
    }

    private static Path writePinned(X509Certificate certificate) {
        try {
            Path dir = Files.createTempDirectory("pxci-ansible-ca-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Files.writeString(dir.resolve("pinned.pem"), pem, StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write the pinned certificate: " + e.getMessage(), null, e);
        }
    }

    static String sha256(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String colons(String hex) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    @Override
    public synchronized void close() {
        if (written != null) {
            try {
                Files.deleteIfExists(written);
                Files.deleteIfExists(written.getParent());
            } catch (IOException e) {
                // a public certificate left in a private directory
            }
            written = null;
        }
    }
}
