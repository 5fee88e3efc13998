package org.example.pxci;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import dev.pxci.ports.spi.Setting;
import java.util.List;

/**
 * {@code --platform example}: found through {@code META-INF/services/dev.pxci.ports.spi.AdapterFactory}
 * in this jar, dropped into pxci's plugin directory.
 */
public final class ExamplePlatformFactory implements AdapterFactory<ContainerPlatform> {
    static final Setting<String> NODE = Setting.text("example.node", "the one node of the example cluster", "pve");

    @Override
    public String name() {
        return "example";
    }

    @Override
    public Class<ContainerPlatform> port() {
        return ContainerPlatform.class;
    }

    @Override
    public String description() {
        return "example plugin: containers kept in memory for the length of one run";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(NODE.key());
    }

    /** The SPI version this jar is compiled against: the compiler copies the constant into this class. */
    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        return new ExamplePlatform(NODE.from(config));
    }
}
