package dev.pxci.cli;

/**
 * The parent of every plugin's class loader: the SPI ({@code dev.pxci.ports..}) from the host, so
 * plugin and host agree on its types, and otherwise only the JDK. A plugin never sees the host's
 * libraries (Jackson, picocli, ...) or the built-in adapters, and brings its own.
 */
final class SpiOnlyClassLoader extends ClassLoader {
    private static final String SPI_PACKAGES = "dev.pxci.ports.";
    private final ClassLoader host;

    SpiOnlyClassLoader(ClassLoader host) {
        super("pxci-spi", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGES)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
