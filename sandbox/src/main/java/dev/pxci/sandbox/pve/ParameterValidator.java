package dev.pxci.sandbox.pve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a request's parameters against its endpoint's schema the way pve-http-server does
 * before any handler runs: every parameter must be declared ({@code additionalProperties: 0}),
 * required ones present, each value of the right type and format. All failures are collected
 * into one 400 with an {@code errors} map.
 */
final class ParameterValidator {

    private static final Pattern INDEXED = Pattern.compile("([a-z]+)(\\d+)");
    private static final String NOT_IN_SCHEMA =
            "property is not defined in schema and the schema does not allow additional properties";

    private ParameterValidator() {
    }

    /** The parameters in normal form (booleans as 1/0), or a 400 naming every bad one. */
    static Map<String, String> validate(Map<String, ParamSpec> schema, Map<String, String> given) {
        Map<String, String> errors = new TreeMap<>();
        Map<String, String> normal = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            ParamSpec spec = specFor(schema, name);
            if (spec == null) {
                errors.put(name, NOT_IN_SCHEMA);
                continue;
            }
            String value = entry.getValue();
            if (value.isEmpty() && spec.optional() && !"string".equals(spec.type())) {
                continue;
            }
            try {
                if (spec.isPropertyString()) {
                    PropertyString.parse(value, spec.properties());
                    normal.put(name, value);
                } else {
                    normal.put(name, ValueChecks.check(spec, value));
                }
            } catch (PropertyString.FormatException e) {
                String detail = e.key() == null ? e.getMessage() : name + "." + e.key() + ": " + e.getMessage();
                errors.put(name, "invalid format - format error\n" + detail + "\n");
            } catch (ValueChecks.InvalidValue e) {
                errors.put(name, e.getMessage());
            }
        }
        for (Map.Entry<String, ParamSpec> entry : schema.entrySet()) {
            String name = entry.getKey();
            if (!entry.getValue().optional() && !name.endsWith("[n]") && !given.containsKey(name)) {
                errors.put(name, "property is missing and it is not optional");
            }
        }
        if (!errors.isEmpty()) {
            throw new PveApiException(400, PveApiException.PARAMETER_VERIFICATION_FAILED, errors);
        }
        return normal;
    }

    /** The schema entry for a name, resolving indexed names such as {@code net0} to {@code net[n]}. */
    static ParamSpec specFor(Map<String, ParamSpec> schema, String name) {
        ParamSpec spec = schema.get(name);
        if (spec != null) {
            return spec;
        }
        Matcher indexed = INDEXED.matcher(name);
        if (indexed.matches()) {
            return schema.get(indexed.group(1) + "[n]");
        }
        return null;
    }
}
