package dev.pxci.cli.testplugins;

/** A factory whose constructor throws. */
public final class ThrowingConstructorFactory extends TestPluginFactory {
    public ThrowingConstructorFactory() {
        super("throwing");
        throw new IllegalStateException("boom in the constructor");
    }
}
