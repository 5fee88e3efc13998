package dev.pxci.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * The one error type that crosses the port boundary. Adapters translate their libraries'
 * exceptions into it; the message says what happened (including what the remote side said) and
 * {@link #hint()} what the user can do about it. Messages never contain secret values.
 */
public class PxciException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String hint;

    public PxciException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public PxciException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null);
    }

    public PxciException(ErrorCode code, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
    }

    public ErrorCode code() {
        return code;
    }

    /** What to do about it, when the adapter knows ("run 'pct unlock 101' on node pve"). */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    public boolean retryable() {
        return code.retryable();
    }
}
