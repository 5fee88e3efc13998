package dev.pxci.sandbox.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * PVE property strings ({@code name=eth0,bridge=vmbr0,ip=dhcp}, {@code local-lvm:8,size=8G}):
 * comma-separated {@code key=value} pairs where one key may be written without its name.
 */
final class PropertyString {

    /** A property string that does not fit its format; {@code key} is null for the whole string. */
    static final class FormatException extends Exception {
        private final String key;

        FormatException(String key, String message) {
            super(message, null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    private PropertyString() {
    }

    /** Splits a property string without checking it against a format. */
    static Map<String, String> parseLenient(String text, String defaultKey) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                out.put(defaultKey, part);
            } else {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    /** Parses and checks a property string against its nested format, normalising booleans to 1/0. */
    static Map<String, String> parse(String text, Map<String, ParamSpec> format) throws FormatException {
        String defaultKey = defaultKey(format);
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key;
            String value;
            if (eq < 0) {
                if (defaultKey == null || out.containsKey(defaultKey)) {
                    throw new FormatException(null, "value without key, but schema does not define a default key");
                }
                key = defaultKey;
                value = part;
            } else {
                key = part.substring(0, eq);
                value = part.substring(eq + 1);
            }
            if (out.containsKey(key)) {
                throw new FormatException(null, "duplicate key in comma-separated list property: " + key);
            }
            ParamSpec spec = format.get(key);
            if (spec == null) {
                throw new FormatException(key,
                        "property is not defined in schema and the schema does not allow additional properties");
            }
            try {
                out.put(key, ValueChecks.check(spec, value));
            } catch (ValueChecks.InvalidValue e) {
                throw new FormatException(key, e.getMessage());
            }
        }
        for (Map.Entry<String, ParamSpec> entry : format.entrySet()) {
            if (!entry.getValue().optional() && !out.containsKey(entry.getKey())) {
                throw new FormatException(entry.getKey(), "property is missing and it is not optional");
            }
        }
        return out;
    }

    /**
     * Prints as PVE's {@code print_property_string} does: the default key's value first, then the
     * required keys in order, then the optional ones in order.
     */
    static String print(Map<String, String> values, Map<String, ParamSpec> format) {
        String defaultKey = defaultKey(format);
        List<String> parts = new ArrayList<>();
        if (defaultKey != null && values.containsKey(defaultKey)) {
            parts.add(values.get(defaultKey));
        }
        TreeSet<String> required = new TreeSet<>();
        TreeSet<String> optional = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.equals(defaultKey)) {
                continue;
            }
            ParamSpec spec = format.get(key);
            if (spec != null && !spec.optional()) {
                required.add(key);
            } else {
                optional.add(key);
            }
        }
        for (String key : required) {
            parts.add(key + "=" + values.get(key));
        }
        for (String key : optional) {
            parts.add(key + "=" + values.get(key));
        }
        return String.join(",", parts);
    }

    static String defaultKey(Map<String, ParamSpec> format) {
        for (Map.Entry<String, ParamSpec> entry : format.entrySet()) {
            if (entry.getValue().defaultKey()) {
                return entry.getKey();
            }
        }
        return null;
    }
}
