package dev.pxci.cli.testplugins;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/**
 * The base of the factories the plugin tests pack into jars (with this class): a ContainerPlatform
 * factory under a given name that can only be listed.
 */
public abstract class TestPluginFactory implements AdapterFactory<ContainerPlatform> {
    private final String name;

    protected TestPluginFactory(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<ContainerPlatform> port() {
        return ContainerPlatform.class;
    }

    @Override
    public String description() {
        return "test plugin " + name;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.secret(name + ".secret", "a secret of the plugin"));
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        throw new PxciException(ErrorCode.UNSUPPORTED, "test plugin " + name + " only lists");
    }
}
