package dev.pxci.ports.spi;

import java.util.List;

/**
 * The discovery unit of the SPI, found through {@link java.util.ServiceLoader} from
 * {@code META-INF/services/dev.pxci.ports.spi.AdapterFactory}. A factory serves one port under
 * one name ({@code proxmox}, {@code ssh}, {@code cinc}); the host selects it by that name and an
 * unknown or ambiguous name is an error, never a silent pick. Factories must have a public
 * no-argument constructor, be cheap to construct and do no I/O until {@link #create}.
 *
 * @param <T> the port interface served
 */
public interface AdapterFactory<T> {

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
}
