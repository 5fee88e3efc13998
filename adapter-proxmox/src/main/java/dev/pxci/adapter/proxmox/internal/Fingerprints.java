package dev.pxci.adapter.proxmox.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 certificate fingerprints as Proxmox VE shows them ({@code AB:CD:...}, 32 pairs). */
public final class Fingerprints {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    /** Parses 64 hex digits, with or without colons between the pairs; empty when malformed. */
    public static Optional<byte[]> parse(String text) {
        String compact = text.trim().replace(":", "").toLowerCase(Locale.ROOT);
        if (compact.length() != 64 || !compact.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        if (text.contains(":") && !text.trim().matches("(?i)([0-9a-f]{2}:){31}[0-9a-f]{2}")) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(compact));
    }

    public static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String format(byte[] fingerprint) {
        return COLONS.formatHex(fingerprint);
    }
}
