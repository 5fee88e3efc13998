package dev.pxci.cli.testplugins;

public final class MemoryAgainFactory extends TestPluginFactory {
    public MemoryAgainFactory() {
        super("memory");
    }
}
