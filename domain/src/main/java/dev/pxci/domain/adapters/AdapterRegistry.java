package dev.pxci.domain.adapters;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterContext;
import dev.pxci.ports.spi.AdapterFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The adapter factories available, found through {@link ServiceLoader} or given. Selection is by
 * port and name; an unknown name and a name served by two factories are errors that list what
 * was found, never a silent pick.
 */
public final class AdapterRegistry {
    private final List<AdapterFactory<?>> factories;

    public AdapterRegistry(List<AdapterFactory<?>> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Every factory registered on the class path. */
    public static AdapterRegistry fromClassPath() {
        List<AdapterFactory<?>> found = new ArrayList<>();
        for (AdapterFactory<?> f : ServiceLoader.load(AdapterFactory.class)) {
            found.add(f);
        }
        return new AdapterRegistry(found);
    }

    /** All factories, sorted by port and name. */
    public List<AdapterFactory<?>> all() {
        return factories.stream()
                .sorted(Comparator.comparing((AdapterFactory<?> f) -> f.port().getSimpleName()).thenComparing(AdapterFactory::name))
                .toList();
    }

    /** The one factory serving {@code port} under {@code name}. */
    @SuppressWarnings("unchecked")
    public <T> AdapterFactory<T> find(Class<T> port, String name) {
        List<AdapterFactory<?>> forPort = factories.stream().filter(f -> f.port().equals(port)).toList();
        List<AdapterFactory<?>> matching = forPort.stream().filter(f -> f.name().equals(name)).toList();
        if (matching.isEmpty()) {
            String known = forPort.stream().map(AdapterFactory::name).sorted().toList().toString();
            throw new PxciException(ErrorCode.INVALID_INPUT,
                    "no " + port.getSimpleName() + " adapter named '" + name + "'",
                    forPort.isEmpty() ? "no " + port.getSimpleName() + " adapter is on the class path"
                            : "available: " + known);
        }
        if (matching.size() > 1) {
            String classes = matching.stream().map(f -> f.getClass().getName()).sorted().toList().toString();
            throw new PxciException(ErrorCode.INVALID_INPUT,
                    "the " + port.getSimpleName() + " adapter name '" + name + "' is ambiguous: " + classes,
                    "remove one of the jars from the class path");
        }
        return (AdapterFactory<T>) matching.get(0);
    }

    /** Finds and creates an adapter. */
    public <T> T create(Class<T> port, String name, AdapterConfig config) {
        return find(port, name).create(config, AdapterContext.DEFAULT);
    }
}
