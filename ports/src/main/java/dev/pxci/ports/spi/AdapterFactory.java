package dev.pxci.ports.spi;

import java.util.List;

/**
 * The discovery unit of the SPI, found through {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.pxci.ports.spi.AdapterFactory}. A factory serves one port under
 * one name ({@code proxmox}, {@code ssh}, {@code cinc}); the host selects it by that name and an
 * unknown or ambiguous name is an error, never a silent pick. Factories must have a public
 * no-argument constructor, be cheap to construct and do no I/O until {@link #create}.
 *
 * <p>Third-party factories reach the host from a plugin jar loaded in a class loader of its own
 * that sees only this SPI ({@code dev.pxci.ports..}) and the JDK: such a jar brings every other
 * library it needs. It overrides {@link #spiVersion()} with {@code return SPI_VERSION;}, which
 * the compiler copies into the factory's class, so the jar keeps saying which SPI it was built
 * for; the host refuses a jar built for a version it cannot run ({@link SpiVersion#runs}).
 *
 * @param <T> the port interface served
 */
public interface AdapterFactory<T> {

    /**
     * The version of this SPI, {@code major.minor} (see {@link SpiVersion}). A compile-time
     * constant: code that reads it records the version it was compiled against.
     */
    String SPI_VERSION = "1.1";

    /**
     * The SPI version this factory was built for. The default answers the host's own version,
     * which is right only for factories built with the host (the built-in adapters); a factory
     * in a plugin jar overrides it with {@code return SPI_VERSION;}.
     */
    default String spiVersion() {
        return SPI_VERSION;
    }

    /** The name users select the adapter by; lower case, unique per port. */
    String name();

    /** The port interface the created objects implement. */
    Class<T> port();

    /** One line for {@code pxci adapters}. */
    String description();

    /** Every setting the adapter reads, secrets marked, so the host can ask for and mask them. */
    List<ConfigKey> configKeys();

    /**
     * Creates a ready adapter. Invalid settings fail with {@code INVALID_INPUT} naming the key;
     * connecting is left to the first use.
     */
    T create(AdapterConfig config);

    /**
     * Creates a ready adapter that reports its progress and keeps its time through {@code context}.
     * The host always creates adapters through this method; the default ignores the context, which
     * is right for an adapter with no progress to tell and no waits of its own (and for factories
     * built for SPI 1.0). Since SPI 1.1.
     */
    default T create(AdapterConfig config, AdapterContext context) {
        return create(config);
    }
}
