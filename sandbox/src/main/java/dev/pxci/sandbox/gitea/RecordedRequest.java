package dev.pxci.sandbox.gitea;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request the simulator received, as a test may inspect it: method, path with query, and the
 * headers except {@code Authorization} (which legitimately carries credentials). Bodies are not
 * kept: secret values travel in bodies by design.
 */
public record RecordedRequest(String method, String pathAndQuery, Map<String, List<String>> headers) {
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        headers = Map.copyOf(headers);
    }
}
