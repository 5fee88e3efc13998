package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/**
 * The SSL context and host name check for a {@link TlsPolicy}. Every refusal names the SHA-256
 * fingerprint of the certificate the server presented, so the user can compare it with
 * {@code pvenode cert info} on the node and pin it.
 */
record TlsTrust(SSLContext sslContext, HostnameVerifier hostnameVerifier) {

    static TlsTrust of(TlsPolicy policy) {
        try {
            if (policy instanceof TlsPolicy.CaFile ca) {
                return verified(reporting(caTrustManager(ca), "is not issued by a CA in " + ca.file()));
            }
            if (policy instanceof TlsPolicy.Pinned pinned) {
                return unnamed(new PinnedTrustManager(pinned.sha256()));
            }
            if (policy instanceof TlsPolicy.Insecure) {
                return unnamed(new AnyCertificateTrustManager());
            }
            return verified(reporting(systemTrustManager(), "is not trusted by the system trust store"));
        } catch (GeneralSecurityException | IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    private static TlsTrust verified(X509TrustManager trustManager) throws GeneralSecurityException {
        return new TlsTrust(context(trustManager), new DefaultHostnameVerifier());
    }

    /** The certificate is the identity (pinned) or nothing is checked (insecure): host names do not matter. */
    private static TlsTrust unnamed(X509TrustManager trustManager) throws GeneralSecurityException {
        return new TlsTrust(context(trustManager), NoopHostnameVerifier.INSTANCE);
    }

    private static SSLContext context(X509TrustManager trustManager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
        return context;
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        return fromFactory(null);
    }

    private static X509TrustManager caTrustManager(TlsPolicy.CaFile ca) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(ca.file())) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + ProxmoxSettings.CA_FILE + "' names "
                    + ca.file() + ", which holds no readable PEM certificate: " + e.getMessage(), null, e);
        }
        if (certificates.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + ProxmoxSettings.CA_FILE + "' names "
                    + ca.file() + ", which holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return fromFactory(store);
    }

    private static X509TrustManager fromFactory(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static X509TrustManager reporting(X509TrustManager delegate, String why) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                delegate.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    delegate.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    String seen = Fingerprints.format(Fingerprints.sha256(chain[0]));
                    throw new UntrustedCertificateException("the server's certificate (" + chain[0].getSubjectX500Principal()
                            + ", SHA-256 " + seen + ") " + why, seen, e);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
    }

    /** Accepts exactly the leaf certificate whose SHA-256 fingerprint is pinned. */
    private static final class PinnedTrustManager implements X509TrustManager {
        private final byte[] pinned;

        PinnedTrustManager(byte[] pinned) {
            this.pinned = pinned.clone();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server presented no certificate");
            }
            byte[] seen = Fingerprints.sha256(chain[0]);
            if (!MessageDigest.isEqual(seen, pinned)) {
                String seenText = Fingerprints.format(seen);
                throw new UntrustedCertificateException("the server's certificate (" + chain[0].getSubjectX500Principal()
                        + ") has SHA-256 fingerprint " + seenText + ", not the pinned " + Fingerprints.format(pinned),
                        seenText, null);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Accepts anything: the explicit, loudly reported insecure mode. */
    private static final class AnyCertificateTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure mode, chosen explicitly with proxmox.insecure=true and reported in PlatformInfo.warnings
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
