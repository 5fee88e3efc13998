package dev.pxci.cli.testplugins;

public final class PluggedFactory extends TestPluginFactory {
    public PluggedFactory() {
        super("plugged");
    }
}
