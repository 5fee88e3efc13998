package dev.pxci.adapter.proxmox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made once per test run with the
 * JDK's keytool (as a Proxmox VE node ships one of its own), with its SHA-256 fingerprint and a
 * PEM copy for the CA-file mode.
 */
final class SelfSignedCertificate {
    static final String PASSWORD = "changeit-test";
    private static SelfSignedCertificate instance;

    final Path keystore;
    final Path pem;
    final String fingerprint;

    private SelfSignedCertificate(Path keystore, Path pem, String fingerprint) {
        this.keystore = keystore;
        this.pem = pem;
        this.fingerprint = fingerprint;
    }

    static synchronized SelfSignedCertificate get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static SelfSignedCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("pxci-tls");
            dir.toFile().deleteOnExit();
            Path keystore = dir.resolve("pve-node.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "pve", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=pve.test, O=pxci tests", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                    "-keypass", PASSWORD)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            X509Certificate certificate = (X509Certificate) store.getCertificate("pve");
            byte[] der = certificate.getEncoded();
            Path pem = dir.resolve("pve-root-ca.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n");
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new SelfSignedCertificate(keystore, pem, fingerprint);
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
