package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.Map;

/**
 * A failed API call, classified: the {@link PxciException} the port promises, plus what the
 * server said (status, message text, per-parameter errors) so callers can recognise answers such
 * as "already running" without parsing the exception message.
 */
public final class ApiError extends PxciException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String remoteText;
    private final Map<String, String> fieldErrors;
    private final boolean nothingSent;

    ApiError(ErrorCode code, String message, String hint, int status, String remoteText,
            Map<String, String> fieldErrors, boolean nothingSent, Throwable cause) {
        super(code, message, hint, cause);
        this.status = status;
        this.remoteText = remoteText == null ? "" : remoteText;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.nothingSent = nothingSent;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** What the server said: the body's {@code message}, else the reason phrase. */
    public String remoteText() {
        return remoteText;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** True when the request never left (connection refused): repeating it is safe for any method. */
    public boolean nothingSent() {
        return nothingSent;
    }

    /** True when the server's text or any per-parameter error contains {@code fragment}. */
    public boolean says(String fragment) {
        return remoteText.contains(fragment) || fieldErrors.values().stream().anyMatch(v -> v.contains(fragment));
    }
}
