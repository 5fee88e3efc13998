package dev.pxci.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    @Test
    void coversLoopbackByIpAndName() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.generate().certificate();

        assertThat(certificate.getSubjectAlternativeNames())
                .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void fingerprintIsTheColonSeparatedUpperCaseSha256OfTheDerCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate();
        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded()));

        assertThat(certificate.fingerprintSha256()).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void loadOrCreateKeepsTheSameCertificateAcrossCalls() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.loadOrCreate(dir, "server");
        SelfSignedCertificate second = SelfSignedCertificate.loadOrCreate(dir, "server");

        assertThat(second.fingerprintSha256()).isEqualTo(first.fingerprintSha256());
        assertThat(Files.readString(dir.resolve("server.pem"))).isEqualTo(first.pem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(second.serverContext().getProtocol()).isEqualTo("TLS");
    }
}
