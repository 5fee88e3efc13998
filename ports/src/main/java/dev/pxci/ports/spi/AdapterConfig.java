package dev.pxci.ports.spi;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The settings handed to {@link AdapterFactory#create}: plain values and secrets, each keyed by
 * {@link ConfigKey#name()}. Malformed values fail with {@code INVALID_INPUT} naming the key.
 */
public record AdapterConfig(Map<String, String> values, Map<String, Secret> secrets) {
    public AdapterConfig {
        values = Map.copyOf(values);
        secrets = Map.copyOf(secrets);
    }

    public static AdapterConfig empty() {
        return new AdapterConfig(Map.of(), Map.of());
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> missing(key));
    }

    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    public Secret requireSecret(String key) {
        return secret(key).orElseThrow(() -> missing(key));
    }

    public int getInt(String key, int defaultValue) {
        String raw = get(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a whole number");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String raw = get(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw invalid(key, raw, "true or false");
        };
    }

    /** A duration, never negative, as ISO-8601 ({@code PT30S}) or a number with a unit ({@code 30s}, {@code 5m}, {@code 500ms}). */
    public Duration getDuration(String key, Duration defaultValue) {
        String raw = get(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        Duration d = parseDuration(key, raw);
        if (d.isNegative()) {
            throw invalid(key, raw, "a duration of 0 or more, such as 30s or 5m");
        }
        return d;
    }

    private static Duration parseDuration(String key, String raw) {
        String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(raw.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw invalid(key, raw, "a duration such as 30s, 5m or PT30S");
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw invalid(key, raw, "a duration such as 30s, 5m or PT30S");
        }
    }

    private static PxciException missing(String key) {
        return new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key + "' is required but not set",
                "set it in the environment as " + ConfigKey.plain(key, "").environmentVariable()
                        + " or in the secrets file");
    }

    private static PxciException invalid(String key, String raw, String accepted) {
        return new PxciException(ErrorCode.INVALID_INPUT,
                "setting '" + key + "' has the value '" + raw + "', which is not " + accepted);
    }
}
