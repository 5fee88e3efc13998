package dev.pxci.adapter.shell;

import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/** The {@code local} transport: processes on this machine, for a pipeline already inside the container. */
public final class LocalShellFactory implements AdapterFactory<ShellConnector> {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Class<ShellConnector> port() {
        return ShellConnector.class;
    }

    @Override
    public String description() {
        return "commands and files on this machine (for a pipeline running inside the container)";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public ShellConnector create(AdapterConfig config) {
        return new LocalShellConnector();
    }
}
