package dev.pxci.sandbox.pve;

import java.util.Map;
import java.util.TreeMap;

/**
 * An API error as pveproxy renders it: an HTTP status, the message that becomes both the reason
 * phrase and the body's {@code message}, and for parameter errors the {@code errors} map.
 */
final class PveApiException extends RuntimeException {

    static final String PARAMETER_VERIFICATION_FAILED = "Parameter verification failed.";

    private final int status;
    private final Map<String, String> errors;

    PveApiException(int status, String message) {
        this(status, message, Map.of());
    }

    PveApiException(int status, String message, Map<String, String> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = new TreeMap<>(errors);
    }

    /** A plain {@code die} in a PVE handler: HTTP 500 with the text. */
    static PveApiException serverError(String message) {
        return new PveApiException(500, message);
    }

    /** {@code raise_param_exc}: HTTP 400 with one entry in the errors map. */
    static PveApiException parameter(String name, String message) {
        return new PveApiException(400, PARAMETER_VERIFICATION_FAILED, Map.of(name, message));
    }

    int status() {
        return status;
    }

    Map<String, String> errors() {
        return errors;
    }
}
