package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.nio.file.Path;
import java.util.List;

/**
 * A factory loaded from a plugin jar, with what it said about itself read once at load time and
 * its origin kept for {@code pxci adapters} and errors. A {@link #create} that fails with anything
 * but a {@link PxciException} (a bug, or a jar built against another SPI) becomes one error naming the jar.
 */
final class PluginAdapterFactory<T> implements AdapterFactory<T> {
    private final AdapterFactory<T> plugin;
    private final Path jar;
    private final String name;
    private final Class<T> port;
    private final String description;
    private final List<ConfigKey> configKeys;
    private final String spiVersion;

    private PluginAdapterFactory(AdapterFactory<T> plugin, Path jar) {
        this.plugin = plugin;
        this.jar = jar;
        this.name = plugin.name();
        this.port = plugin.port();
        this.description = plugin.description();
        this.configKeys = List.copyOf(plugin.configKeys());
        this.spiVersion = plugin.spiVersion();
        if (name == null || name.isBlank() || port == null) {
            throw new IllegalStateException(plugin.getClass().getName() + " gives no name or no port");
        }
    }

    /**
     * Asks {@code plugin} what it is.
     *
     * @throws RuntimeException or {@link LinkageError} as the plugin's methods threw them
     */
    static <T> PluginAdapterFactory<T> of(AdapterFactory<T> plugin, Path jar) {
        return new PluginAdapterFactory<>(plugin, jar);
    }

    /** The jar (or directory of jars) it came from. */
    Path jar() {
        return jar;
    }

    String factoryClass() {
        return plugin.getClass().getName();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<T> port() {
        return port;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return configKeys;
    }

    @Override
    public String spiVersion() {
        return spiVersion;
    }

    @Override
    public T create(AdapterConfig config) {
        try {
            return plugin.create(config);
        } catch (PxciException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "plugin " + jar + ": the " + port.getSimpleName()
                    + " adapter '" + name + "' failed to start: " + Plugins.reason(e),
                    "this is a fault of the plugin (or of a jar built against another SPI than " + SPI_VERSION
                            + "); remove it from the plugin directory or ask its authors");
        }
    }
}
