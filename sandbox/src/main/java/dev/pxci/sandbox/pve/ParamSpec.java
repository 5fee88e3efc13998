package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One parameter (or one key of a property string) as the PVE schema describes it: type, named
 * format or nested property-string format, enum, bounds, length, pattern, default.
 */
record ParamSpec(
        String type,
        boolean optional,
        String format,
        Map<String, ParamSpec> properties,
        List<String> enumValues,
        Double minimum,
        Double maximum,
        Integer maxLength,
        Pattern pattern,
        boolean defaultKey,
        String defaultValue) {

    static ParamSpec fromJson(JsonNode node) {
        String format = null;
        Map<String, ParamSpec> properties = null;
        JsonNode formatNode = node.get("format");
        if (formatNode != null && formatNode.isTextual()) {
            format = formatNode.asText();
        } else if (formatNode != null && formatNode.isObject()) {
            properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : formatNode.properties()) {
                properties.put(entry.getKey(), fromJson(entry.getValue()));
            }
            properties = Collections.unmodifiableMap(properties);
        }
        List<String> enumValues = null;
        if (node.has("enum")) {
            enumValues = new ArrayList<>();
            for (JsonNode value : node.get("enum")) {
                enumValues.add(value.asText());
            }
            enumValues = List.copyOf(enumValues);
        }
        return new ParamSpec(
                node.path("type").asText("string"),
                node.path("optional").asInt(0) == 1,
                format,
                properties,
                enumValues,
                node.has("minimum") ? node.get("minimum").asDouble() : null,
                node.has("maximum") ? node.get("maximum").asDouble() : null,
                node.has("maxLength") ? node.get("maxLength").asInt() : null,
                node.has("pattern") ? Pattern.compile(javaRegex(node.get("pattern").asText())) : null,
                node.path("default_key").asInt(0) == 1,
                node.has("default") ? node.get("default").asText() : null);
    }

    /** A plain optional string parameter, for the few sandbox endpoints the schema file lacks. */
    static ParamSpec optionalString() {
        return new ParamSpec("string", true, null, null, null, null, null, null, null, false, null);
    }

    /** Perl's {@code (?^:...)} groups and bare {@code \0} escapes, translated to Java regex syntax. */
    static String javaRegex(String perl) {
        String regex = perl.replace("(?^:", "(?:");
        return regex.replaceAll("\\\\0(?![0-7])", "\\\\x00");
    }

    boolean isPropertyString() {
        return properties != null;
    }
}
