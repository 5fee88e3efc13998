package dev.pxci.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed TLS server certificate for the loopback simulators, valid for {@code 127.0.0.1}
 * and {@code localhost}. It is generated once and, when a directory is given, kept there as PEM
 * files so that clients which pinned it keep trusting the same server across restarts.
 * Immutable and thread-safe.
 */
public final class SelfSignedCertificate {

    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A fresh certificate that lives in memory only. */
    public static SelfSignedCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256, new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=127.0.0.1, OU=pxci sandbox, O=pxci");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
            }));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new SelfSignedCertificate(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the sandbox certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code NAME.pem} and {@code NAME.key} from the directory, or generates them there
     * (the key readable by the owner only) when they do not exist yet.
     */
    public static SelfSignedCertificate loadOrCreate(Path directory, String name) {
        Path certFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key");
        try {
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                return read(Files.readString(certFile), Files.readString(keyFile));
            }
            SelfSignedCertificate created = generate();
            Files.createDirectories(directory);
            AtomicFiles.write(keyFile, created.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
            restrictToOwner(keyFile);
            AtomicFiles.write(certFile, created.pem().getBytes(StandardCharsets.US_ASCII));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the sandbox certificate in " + directory, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its own defaults
        }
    }

    private static SelfSignedCertificate read(String certPem, String keyPem) throws IOException {
        try (PEMParser certParser = new PEMParser(new StringReader(certPem));
                PEMParser keyParser = new PEMParser(new StringReader(keyPem))) {
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate((X509CertificateHolder) certParser.readObject());
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keyParser.readObject());
            return new SelfSignedCertificate(certificate, key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("the stored sandbox certificate is not readable: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM form, usable as a CA bundle by clients (e.g. REQUESTS_CA_BUNDLE). */
    public String pem() {
        return toPem(certificate);
    }

    /** SHA-256 of the DER certificate as Proxmox prints it: upper-case hex pairs joined by colons. */
    public String fingerprintSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            String hex = HexFormat.of().withUpperCase().formatHex(digest);
            StringBuilder out = new StringBuilder(hex.length() * 3 / 2);
            for (int i = 0; i < hex.length(); i += 2) {
                if (i > 0) {
                    out.append(':');
                }
                out.append(hex, i, i + 2);
            }
            return out.toString().toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side TLS context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("sandbox", privateKey, password, new X509Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the sandbox TLS context: " + e.getMessage(), e);
        }
    }

    /** A client-side TLS context that trusts exactly this certificate and nothing else. */
    public SSLContext clientContextTrustingOnlyThis() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sandbox", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the sandbox: " + e.getMessage(), e);
        }
    }

    /** The key as PKCS#8 ({@code BEGIN PRIVATE KEY}), which keeps the curve parameters with it. */
    private String privateKeyPem() {
        try {
            return toPem(new JcaPKCS8Generator(privateKey, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the sandbox key: " + e.getMessage(), e);
        }
    }

    private static String toPem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
