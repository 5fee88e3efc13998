package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads numbers and booleans the way Proxmox VE sends them: sometimes as JSON numbers, sometimes
 * as strings ({@code "100"}), booleans as {@code 1}, {@code "1"}, {@code true} or absent.
 */
public final class Lenient {
    private Lenient() {
    }

    /** The field's value as a long, when present and numeric ({@code 5}, {@code "5"}, {@code 5.0}). */
    public static OptionalLong longValue(JsonNode parent, String field) {
        return parent == null ? OptionalLong.empty() : longValue(parent.get(field));
    }

    public static OptionalLong longValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (node.isNumber()) {
            return OptionalLong.of(node.asLong());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                try {
                    return OptionalLong.of((long) Double.parseDouble(text));
                } catch (NumberFormatException notANumber) {
                    return OptionalLong.empty();
                }
            }
        }
        if (node.isBoolean()) {
            return OptionalLong.of(node.asBoolean() ? 1 : 0);
        }
        return OptionalLong.empty();
    }

    public static long longValue(JsonNode parent, String field, long defaultValue) {
        return longValue(parent, field).orElse(defaultValue);
    }

    public static int intValue(JsonNode parent, String field, int defaultValue) {
        OptionalLong value = longValue(parent, field);
        return value.isPresent() ? (int) value.getAsLong() : defaultValue;
    }

    /** The field as a boolean: {@code 1}, {@code "1"}, {@code true}, {@code "yes"}, {@code "on"} are true. */
    public static boolean bool(JsonNode parent, String field, boolean defaultValue) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asLong() != 0;
        }
        return parseBoolean(node.asText(), defaultValue);
    }

    /** Proxmox's boolean spelling ({@code 1|on|yes|true}, {@code 0|off|no|false}); anything else is the default. */
    public static boolean parseBoolean(String text, boolean defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "on", "yes", "true" -> true;
            case "0", "off", "no", "false" -> false;
            default -> defaultValue;
        };
    }

    /** The field as text (numbers are rendered), when present and not blank. */
    public static Optional<String> text(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return Optional.empty();
        }
        String text = node.asText();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
