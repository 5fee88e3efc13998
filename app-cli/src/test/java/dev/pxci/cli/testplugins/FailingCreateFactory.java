package dev.pxci.cli.testplugins;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;

/** A factory with a bug: its create throws what no adapter should. */
public final class FailingCreateFactory extends TestPluginFactory {
    public FailingCreateFactory() {
        super("failing");
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        throw new IllegalStateException("bug in create");
    }
}
