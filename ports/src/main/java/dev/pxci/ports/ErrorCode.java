package dev.pxci.ports;

/**
 * What went wrong, in terms the domain can act on without knowing the adapter. {@link #retryable()}
 * says whether repeating the same call later may succeed.
 */
public enum ErrorCode {
    /** The object does not exist. */
    NOT_FOUND(false),
    /** The object already exists or was changed by someone else (digest mismatch). */
    CONFLICT(false),
    /** The object is locked by a running or stale operation; may clear by itself. */
    LOCKED(true),
    /** Credentials missing, wrong or expired. */
    UNAUTHORIZED(false),
    /** Authenticated, but not allowed. */
    FORBIDDEN(false),
    /** A fault that may pass: 5xx, proxy errors, dropped connections. */
    TRANSIENT(true),
    /** A deadline passed before the operation finished. */
    TIMEOUT(false),
    /** The input was rejected as malformed or inconsistent; repeating it will not help. */
    INVALID_INPUT(false),
    /** The target or the adapter cannot do this at all (version, collection, capability). */
    UNSUPPORTED(false),
    /** A program or library this machine needs is not installed; the message names what to install. */
    MISSING_DEPENDENCY(false),
    /** The operation ran and failed (a task, a command, a converge); see the message. */
    FAILED(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
