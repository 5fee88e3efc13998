package dev.pxci.it.cinc;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import java.util.ServiceLoader;

/** Adapters found as the CLI finds them: through the SPI, by port and name. */
final class Adapters {
    private Adapters() {
    }

    static ShellConnector shell(String name, AdapterConfig config) {
        return ShellConnector.class.cast(factory(ShellConnector.class, name).create(config));
    }

    static ConfigurationRunner configurator(String name, AdapterConfig config) {
        return ConfigurationRunner.class.cast(factory(ConfigurationRunner.class, name).create(config));
    }

    @SuppressWarnings("rawtypes")
    private static AdapterFactory factory(Class<?> port, String name) {
        return ServiceLoader.load(AdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.port().equals(port) && f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + port.getSimpleName() + " adapter named " + name));
    }
}
