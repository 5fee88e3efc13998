package dev.pxci.ports.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A setting an adapter reads. Secret keys are masked by the host everywhere it shows settings and
 * are only ever supplied as {@link dev.pxci.ports.Secret}s. A key with a default is best declared
 * through a {@link Setting}, which derives the default shown here from the value it reads.
 *
 * @param name dotted key ({@code proxmox.url}); also read from the environment as
 *     {@code PXCI_PROXMOX_URL}
 * @param description one line for {@code pxci adapters}
 * @param secret whether the value is a secret
 * @param defaultValue the value used when none is given, as a user would write it
 */
public record ConfigKey(String name, String description, boolean secret, Optional<String> defaultValue) {
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (secret && defaultValue.isPresent()) {
            throw new IllegalArgumentException("a secret key has no default: " + name);
        }
    }

    public static ConfigKey plain(String name, String description) {
        return new ConfigKey(name, description, false, Optional.empty());
    }

    public static ConfigKey plain(String name, String description, String defaultValue) {
        return new ConfigKey(name, description, false, Optional.of(defaultValue));
    }

    public static ConfigKey secret(String name, String description) {
        return new ConfigKey(name, description, true, Optional.empty());
    }

    /** The environment variable that can supply this key. */
    public String environmentVariable() {
        return "PXCI_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
