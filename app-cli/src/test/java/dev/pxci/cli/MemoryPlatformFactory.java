package dev.pxci.cli;

import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test adapter found through the real ServiceLoader: serves one shared in-memory platform, so
 * the CLI's runs can be inspected, and records the settings it was created with.
 */
public final class MemoryPlatformFactory implements AdapterFactory<ContainerPlatform> {
    static final AtomicReference<InMemoryPlatform> PLATFORM = new AtomicReference<>(new InMemoryPlatform());
    static final AtomicReference<AdapterConfig> LAST_CONFIG = new AtomicReference<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Class<ContainerPlatform> port() {
        return ContainerPlatform.class;
    }

    @Override
    public String description() {
        return "in-memory platform for CLI tests";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.plain("memory.host", "a plain setting", "localhost"),
                ConfigKey.secret("memory.secret", "a secret setting"));
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        LAST_CONFIG.set(config);
        return PLATFORM.get();
    }
}
