package dev.pxci.adapter.cinc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report the handler in {@code client.rb} writes at the end of a run.
 *
 * @param success whether the run succeeded
 * @param updated resources updated (or, in why-run, that would be)
 * @param total resources in the run
 * @param updatedResources their names ({@code package[samba]})
 */
public record ReportFile(boolean success, int updated, int total, List<String> updatedResources) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ReportFile {
        updatedResources = List.copyOf(updatedResources);
    }

    public static ReportFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw malformed("cannot be parsed: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("updated").canConvertToInt()
                || !root.path("total").canConvertToInt()) {
            throw malformed("lacks the counts 'updated' and 'total'");
        }
        List<String> names = new ArrayList<>();
        root.path("updated_resources").forEach(n -> names.add(n.asText()));
        return new ReportFile(root.path("success").asBoolean(false), root.path("updated").asInt(),
                root.path("total").asInt(), names);
    }

    private static PxciException malformed(String problem) {
        return new PxciException(ErrorCode.FAILED, "the run report written by cinc-client " + problem,
                "check that the client loaded the pxci client.rb (cinc.client-path names a Cinc or Chef client)");
    }
}
