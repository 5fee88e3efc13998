package dev.pxci.cli;

import dagger.Module;
import dagger.Provides;
import dev.pxci.domain.adapters.AdapterRegistry;
import javax.inject.Singleton;

/** Bindings that are not plain {@code @Inject} constructors. */
@Module
interface CliModule {
    /** The built-in adapters and the plugins'; scanned once, and only by commands that use adapters. */
    @Provides
    @Singleton
    static AdapterRegistry adapterRegistry(PluginDirectory plugins) {
        return Plugins.registry(plugins);
    }
}
