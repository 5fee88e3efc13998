package dev.pxci.proxmox.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Proxmox VE property string ({@code local-lvm:vm-101-disk-1,mp=/share,backup=1,size=32G}):
 * comma-separated {@code key=value} pairs, where one key of the format may be written without its
 * name (the default key: {@code volume} for disks, {@code order} for startup). Inner lists use
 * {@code ;}. Keys keep their order, so what is parsed and changed is written back in the same
 * shape. Immutable.
 */
public final class PropertyString {
    private final Map<String, String> values;

    private PropertyString(Map<String, String> values) {
        this.values = values;
    }

    public static PropertyString empty() {
        return new PropertyString(new LinkedHashMap<>());
    }

    /**
     * Parses {@code text}; a part without {@code =} is the value of {@code defaultKey} (which may
     * be null when the format has none, in which case such a part is kept as a key with an empty value).
     */
    public static PropertyString parse(String text, String defaultKey) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq < 0) {
                    values.put(defaultKey != null ? defaultKey : trimmed, defaultKey != null ? trimmed : "");
                } else {
                    values.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
                }
            }
        }
        return new PropertyString(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public boolean flag(String key, boolean defaultValue) {
        return Lenient.parseBoolean(values.get(key), defaultValue);
    }

    /** A copy with {@code key} set to {@code value}, or removed when {@code value} is null. */
    public PropertyString with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new PropertyString(copy);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    /** Renders the string; the default key, when given and present, is written first and bare. */
    public String encode(String defaultKey) {
        StringBuilder out = new StringBuilder();
        if (defaultKey != null && values.containsKey(defaultKey)) {
            out.append(values.get(defaultKey));
        }
        String rest = values.entrySet().stream()
                .filter(e -> !e.getKey().equals(defaultKey))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        if (!rest.isEmpty()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(rest);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PropertyString other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return encode(null);
    }
}
