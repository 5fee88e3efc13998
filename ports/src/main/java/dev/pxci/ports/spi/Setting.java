package dev.pxci.ports.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of an adapter as a typed key: its name, description, parser and default in one
 * place. The {@link #key()} it declares to the host shows the very default {@link #from} uses, so
 * the two cannot drift apart. Immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    /** Reads the value of {@code name} from the config, {@code fallback} when it is not given. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(AdapterConfig config, String name, T fallback);
    }

    private final ConfigKey key;
    private final T defaultValue;
    private final Reader<T> reader;

    private Setting(String name, String description, T defaultValue, Function<T, String> shown, Reader<T> reader) {
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.key = ConfigKey.plain(name, description, shown.apply(defaultValue));
        this.reader = reader;
    }

    /** Text, trimmed. */
    public static Setting<String> text(String name, String description, String defaultValue) {
        return new Setting<>(name, description, defaultValue, Function.identity(),
                (config, key, fallback) -> config.get(key).map(String::trim).orElse(fallback));
    }

    /** A duration as {@link AdapterConfig#getDuration} reads it ({@code 30s}, {@code 5m}, {@code PT30S}). */
    public static Setting<Duration> duration(String name, String description, Duration defaultValue) {
        return new Setting<>(name, description, defaultValue, Setting::shown, AdapterConfig::getDuration);
    }

    /** True or false as {@link AdapterConfig#getBoolean} reads it. */
    public static Setting<Boolean> flag(String name, String description, boolean defaultValue) {
        return new Setting<>(name, description, defaultValue, String::valueOf, AdapterConfig::getBoolean);
    }

    /** A whole number as {@link AdapterConfig#getInt} reads it. */
    public static Setting<Integer> number(String name, String description, int defaultValue) {
        return new Setting<>(name, description, defaultValue, String::valueOf, AdapterConfig::getInt);
    }

    /** The key to list in {@link AdapterFactory#configKeys()}, its default shown as this setting reads it. */
    public ConfigKey key() {
        return key;
    }

    public String name() {
        return key.name();
    }

    public T defaultValue() {
        return defaultValue;
    }

    /**
     * The value given in {@code config}, or the default.
     *
     * @throws dev.pxci.ports.PxciException {@code INVALID_INPUT} naming the key when the value does not parse
     */
    public T from(AdapterConfig config) {
        return reader.read(config, name(), defaultValue);
    }

    /** {@code d} the way a user writes it: {@code 500ms}, {@code 60s}, {@code 15m} (minutes from two on). */
    private static String shown(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        return seconds % 60 == 0 && seconds > 60 ? seconds / 60 + "m" : seconds + "s";
    }

    @Override
    public String toString() {
        return name() + " (default " + key.defaultValue().orElseThrow() + ")";
    }
}
