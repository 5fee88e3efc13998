package dev.pxci.cli;

import dagger.Lazy;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;

/** {@code pxci adapters}: every adapter found through the SPI, with its origin, port and settings. */
@Command(name = "adapters", mixinStandardHelpOptions = true,
        description = "List the adapters, built-in and from the plugin directory: origin, port and settings (secrets marked).")
final class AdaptersCommand implements Callable<Integer> {
    private final Console console;
    private final Lazy<AdapterRegistry> registry;

    @Inject
    AdaptersCommand(Console console, Lazy<AdapterRegistry> registry) {
        this.console = console;
        this.registry = registry;
    }

    @Override
    public Integer call() {
        var out = console.out();
        var all = registry.get().all();
        if (all.isEmpty()) {
            out.println("no adapters found on the class path");
        }
        for (AdapterFactory<?> f : all) {
            out.printf("%-8s %-20s %s%n", f.name(), f.port().getSimpleName(), f.description());
            out.printf("           %-28s %s%n", "from", Plugins.origin(f));
            f.configKeys().forEach(this::printKey);
        }
        out.printf("%-8s %-20s %s%n", "pxci", "(host)", "settings of the CLI itself");
        HostKeys.ALL.forEach(this::printKey);
        return ExitCode.OK;
    }

    private void printKey(ConfigKey k) {
        console.out().printf("           %-28s %-8s %s%s (env %s)%n", k.name(), k.secret() ? "secret" : "",
                k.description(), k.defaultValue().map(d -> " [default: " + d + "]").orElse(""), k.environmentVariable());
    }
}
