package dev.pxci.cli.testplugins;

/** A factory built for an SPI version this host cannot run. */
public final class FutureSpiFactory extends TestPluginFactory {
    public FutureSpiFactory() {
        super("future");
    }

    @Override
    public String spiVersion() {
        return "2.0";
    }
}
