package dev.pxci.cli;

import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.domain.config.Suggestions;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterContext;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assembles each adapter's settings from, in order of precedence: values set by the CLI itself
 * (the sandbox's URL and token), the environment ({@code PXCI_PROXMOX_URL}), the secrets file, and
 * the keys' defaults. A key of the secrets file that no adapter reads is an error naming its line
 * and the nearest known key.
 */
final class AdapterSettings {
    private final Optional<Path> secretsFile;
    private final Map<String, SecretsFile.Entry> fileValues;
    private final Map<String, String> environment;
    private final Map<String, String> overrides = new HashMap<>();
    private final Map<String, String> attributeDefaults = new java.util.TreeMap<>();
    private final Map<String, Secret> secretOverrides = new HashMap<>();
    private final ProgressRelay progress = new ProgressRelay();

    private AdapterSettings(Optional<Path> secretsFile, Map<String, SecretsFile.Entry> fileValues,
                            Map<String, String> environment) {
        this.secretsFile = secretsFile;
        this.fileValues = fileValues;
        this.environment = environment;
    }

    static AdapterSettings load(Optional<Path> secretsFile, Map<String, String> environment, AdapterRegistry registry) {
        Map<String, SecretsFile.Entry> values = secretsFile.map(SecretsFile::read).orElse(Map.of());
        Set<String> known = new TreeSet<>();
        registry.all().forEach(f -> f.configKeys().forEach(k -> known.add(k.name())));
        HostKeys.ALL.forEach(k -> known.add(k.name()));
        for (Map.Entry<String, SecretsFile.Entry> e : values.entrySet()) {
            if (!known.contains(e.getKey()) && !isBundleAttribute(e.getKey())) {
                String hint = Suggestions.nearest(e.getKey(), known).map(k -> "did you mean " + k + "?")
                        .orElse("known keys: " + String.join(", ", known));
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        secretsFile.orElseThrow() + ":" + e.getValue().line() + ": unknown key " + e.getKey(), hint);
            }
        }
        return new AdapterSettings(secretsFile, values, environment);
    }

    /** Keys under {@code config.} and {@code share.} are attributes of those bundles, passed to the converge. */
    static boolean isBundleAttribute(String key) {
        return (key.startsWith("config.") || key.startsWith("share."))
                && HostKeys.ALL.stream().noneMatch(k -> k.name().equals(key));
    }

    /** A bundle attribute is secret when its last part names a secret (password, secret, token, key). */
    static boolean isSecretAttribute(String key) {
        return key.matches(".*(password|secret|token|key)$") && !key.endsWith("public_key");
    }

    /** The bundle attributes of the secrets file, split into plain and secret ones; the CLI's defaults under the plain ones. */
    Map<String, String> plainAttributes() {
        Map<String, String> plain = new java.util.TreeMap<>(attributeDefaults);
        fileValues.forEach((k, v) -> {
            if (isBundleAttribute(k) && !isSecretAttribute(k)) {
                plain.put(k, v.value());
            }
        });
        return plain;
    }

    Map<String, Secret> secretAttributes() {
        Map<String, Secret> secret = new java.util.TreeMap<>();
        fileValues.forEach((k, v) -> {
            if (isBundleAttribute(k) && isSecretAttribute(k)) {
                secret.put(k, Secret.of(v.value()));
            }
        });
        return secret;
    }

    /** A plain bundle attribute the CLI supplies when the secrets file does not give it. */
    AdapterSettings defaultAttribute(String key, String value) {
        attributeDefaults.put(key, value);
        return this;
    }

    /** Where the progress lines of the adapters created here go. */
    ProgressRelay progress() {
        return progress;
    }

    /** Sets a plain value that wins over every other source. */
    AdapterSettings override(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Sets a secret that wins over every other source. */
    AdapterSettings overrideSecret(String key, Secret value) {
        secretOverrides.put(key, value);
        return this;
    }

    /** Creates the adapter with its settings; a setting it refuses is named with where it was given. */
    <T> T create(AdapterFactory<T> factory) {
        return create(factory, Map.of());
    }

    /** Creates the adapter with its settings and {@code extra} plain values winning over every source. */
    <T> T create(AdapterFactory<T> factory, Map<String, String> extra) {
        try {
            return factory.create(configFor(factory, extra), AdapterContext.DEFAULT.withProgress(progress));
        } catch (PxciException e) {
            throw located(e, factory.configKeys().stream().filter(k -> !extra.containsKey(k.name())).toList());
        }
    }

    /** Whether the user gave any of the adapter's settings (in the environment or the secrets file), or the CLI did. */
    boolean configures(AdapterFactory<?> factory) {
        return factory.configKeys().stream().anyMatch(k -> overrides.containsKey(k.name())
                || secretOverrides.containsKey(k.name()) || source(k).isPresent());
    }

    /**
     * The error, with where its setting was given appended when it is an {@code INVALID_INPUT}
     * that names one of {@code keys} (the first named), so the user knows what to edit.
     */
    PxciException located(PxciException e, java.util.Collection<ConfigKey> keys) {
        if (e.code() != ErrorCode.INVALID_INPUT) {
            return e;
        }
        String message = e.getMessage();
        Optional<ConfigKey> named = keys.stream().filter(k -> message.contains("'" + k.name() + "'"))
                .min(java.util.Comparator.comparingInt(k -> message.indexOf("'" + k.name() + "'")));
        return named.flatMap(this::source)
                .map(where -> new PxciException(e.code(), message + " (given in " + where + ")", e.hint().orElse(null), e))
                .orElse(e);
    }

    /** Where the user gave a key: the environment variable, or the secrets file and line; empty for defaults and the CLI's own values. */
    private Optional<String> source(ConfigKey key) {
        if (overrides.containsKey(key.name()) || secretOverrides.containsKey(key.name())) {
            return Optional.empty();
        }
        String fromEnvironment = environment.get(key.environmentVariable());
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of("the environment variable " + key.environmentVariable());
        }
        return Optional.ofNullable(fileValues.get(key.name())).filter(v -> !v.value().isBlank())
                .flatMap(v -> secretsFile.map(f -> f + ":" + v.line()));
    }

    AdapterConfig configFor(AdapterFactory<?> factory) {
        return configFor(factory, Map.of());
    }

    /** The settings of an adapter, with {@code extra} plain values winning over every source. */
    AdapterConfig configFor(AdapterFactory<?> factory, Map<String, String> extra) {
        Map<String, String> plain = new HashMap<>();
        Map<String, Secret> secrets = new HashMap<>();
        for (ConfigKey key : factory.configKeys()) {
            Optional<String> value = Optional.ofNullable(extra.get(key.name())).or(() -> value(key));
            if (key.secret()) {
                Optional.ofNullable(secretOverrides.get(key.name())).or(() -> value.map(Secret::of))
                        .ifPresent(s -> secrets.put(key.name(), s));
            } else {
                value.or(key::defaultValue).ifPresent(v -> plain.put(key.name(), v));
            }
        }
        return new AdapterConfig(plain, secrets);
    }

    /** A plain value from the overrides, the environment, the secrets file, or the key's default. */
    Optional<String> value(ConfigKey key) {
        return Optional.ofNullable(overrides.get(key.name()))
                .or(() -> Optional.ofNullable(environment.get(key.environmentVariable())))
                .or(() -> Optional.ofNullable(fileValues.get(key.name())).map(SecretsFile.Entry::value))
                .filter(v -> !v.isBlank());
    }

    /** A secret from the overrides, the environment or the secrets file. */
    Optional<Secret> secret(String name) {
        return Optional.ofNullable(secretOverrides.get(name)).or(() -> value(ConfigKey.secret(name, "")).map(Secret::of));
    }

    /**
     * The regular files that the given settings of every adapter name (keys, known_hosts, CA files, packages),
     * resolved against {@code workingDirectory}: configuration of this run, never part of what it replicates.
     */
    List<Path> namedFiles(AdapterRegistry registry, Path workingDirectory) {
        List<Path> files = new java.util.ArrayList<>();
        registry.all().forEach(f -> f.configKeys().forEach(k -> value(k).ifPresent(v -> {
            try {
                Path p = workingDirectory.resolve(v.strip());
                if (java.nio.file.Files.isRegularFile(p)) {
                    files.add(p);
                }
            } catch (java.nio.file.InvalidPathException notAPath) {
                // a value that is no path names no file
            }
        })));
        return files;
    }

    /** The values of every secret key, so output can be scrubbed of them. */
    List<Secret> allSecrets(AdapterRegistry registry) {
        Set<String> secretKeys = new TreeSet<>();
        registry.all().forEach(f -> f.configKeys().stream().filter(ConfigKey::secret).forEach(k -> secretKeys.add(k.name())));
        List<Secret> found = new java.util.ArrayList<>(secretOverrides.values());
        found.addAll(secretAttributes().values());
        for (String k : secretKeys) {
            Optional.ofNullable(fileValues.get(k)).ifPresent(e -> found.add(Secret.of(e.value())));
            Optional.ofNullable(environment.get(ConfigKey.secret(k, "").environmentVariable())).ifPresent(v -> found.add(Secret.of(v)));
        }
        found.removeIf(Secret::isEmpty);
        return found;
    }
}
