package dev.pxci.adapter.proxmox.internal;

import java.security.cert.CertificateException;

/** The server's certificate was refused; carries the fingerprint it presented so the user can pin or compare it. */
final class UntrustedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final String seenFingerprint;

    UntrustedCertificateException(String message, String seenFingerprint, Throwable cause) {
        super(message, cause);
        this.seenFingerprint = seenFingerprint;
    }

    String seenFingerprint() {
        return seenFingerprint;
    }
}
