package dev.pxci.cli;

import dagger.Module;
import dagger.Provides;
import dev.pxci.domain.adapters.AdapterRegistry;
import javax.inject.Singleton;

/** Bindings that are not plain {@code @Inject} constructors. */
@Module
interface CliModule {
    /** The adapters on the class path; scanned once, and only by commands that use adapters. */
    @Provides
    @Singleton
    static AdapterRegistry adapterRegistry() {
        return AdapterRegistry.fromClassPath();
    }
}
