package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PVE API schema subset (PVE 9.1.3, {@code pve-api-lxc.json}): which methods exist on which
 * paths and which parameters each accepts. The sandbox validates every request against it.
 */
final class ApiSchema {

    private static final String RESOURCE = "pve-api-lxc.json";

    /** A path template such as {@code /nodes/{node}/lxc/{vmid}/config} split into segments. */
    record Endpoint(String method, String template, List<String> segments, Map<String, ParamSpec> parameters) {
    }

    /** An endpoint matched by a concrete path, with the values of its path variables. */
    record Match(Endpoint endpoint, Map<String, String> pathParameters) {
    }

    private final List<Endpoint> endpoints;

    private ApiSchema(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    static ApiSchema load(ObjectMapper mapper) {
        try (InputStream in = ApiSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the sandbox jar");
            }
            JsonNode root = mapper.readTree(in);
            List<Endpoint> endpoints = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    Map<String, ParamSpec> parameters = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> parameter : method.getValue().get("parameters").properties()) {
                        parameters.put(parameter.getKey(), ParamSpec.fromJson(parameter.getValue()));
                    }
                    endpoints.add(endpoint(method.getKey(), path.getKey(), parameters));
                }
            }
            endpoints.addAll(sandboxExtensions());
            return new ApiSchema(endpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PVE schema resource", e);
        }
    }

    /** PVE endpoints the reduced schema file does not carry but clients call: the node's network, backups, access control. */
    private static List<Endpoint> sandboxExtensions() {
        Map<String, ParamSpec> network = new LinkedHashMap<>();
        network.put("node", ParamSpec.optionalString());
        network.put("type", ParamSpec.optionalString());
        List<Endpoint> out = new ArrayList<>(List.of(endpoint("GET", "/nodes/{node}/network", network),
                endpoint("POST", "/nodes/{node}/vzdump", Backups.vzdumpParameters())));
        AccessControl.endpoints().forEach((call, parameters) -> {
            String[] methodAndPath = call.split(" ", 2);
            out.add(endpoint(methodAndPath[0], methodAndPath[1], parameters));
        });
        return out;
    }

    private static Endpoint endpoint(String method, String template, Map<String, ParamSpec> parameters) {
        return new Endpoint(method, template, segments(template), Collections.unmodifiableMap(parameters));
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                out.add(segment);
            }
        }
        return out;
    }

    /** The parameters of one endpoint of the schema. */
    Map<String, ParamSpec> parameters(String method, String template) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method().equals(method) && endpoint.template().equals(template)) {
                return endpoint.parameters();
            }
        }
        throw new IllegalArgumentException("the schema has no " + method + " " + template);
    }

    /**
     * The endpoint for a method and a path whose segments are already percent-decoded; literal
     * segments win over variables, as in the PVE router.
     */
    Optional<Match> find(String method, List<String> pathSegments) {
        Match best = null;
        int bestLiterals = -1;
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.method().equals(method) || endpoint.segments().size() != pathSegments.size()) {
                continue;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < pathSegments.size() && matches; i++) {
                String expected = endpoint.segments().get(i);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    variables.put(expected.substring(1, expected.length() - 1), pathSegments.get(i));
                } else if (expected.equals(pathSegments.get(i))) {
                    literals++;
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = new Match(endpoint, variables);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }
}
