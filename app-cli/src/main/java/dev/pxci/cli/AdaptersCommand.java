package dev.pxci.cli;

import dagger.Lazy;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one JSON object per adapter and line). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Override
    public Integer call() {
        var out = console.out();
        var all = registry.get().all();
        if (output == OutputFormat.json) {
            all.forEach(f -> out.println(JsonRenderer.line(json(f.name(), f.port().getSimpleName(), Plugins.origin(f),
                    f.description(), f.configKeys()))));
            out.println(JsonRenderer.line(json("pxci", "(host)", "built-in", "settings of the CLI itself", HostKeys.ALL)));
            return ExitCode.OK;
        }
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

    private static Map<String, Object> json(String name, String port, String origin, String description, List<ConfigKey> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "adapter");
        m.put("name", name);
        m.put("port", port);
        m.put("origin", origin);
        m.put("description", description);
        m.put("settings", keys.stream().map(k -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("name", k.name());
            key.put("secret", k.secret());
            key.put("description", k.description());
            key.put("default", k.defaultValue().orElse(null));
            key.put("environment", k.environmentVariable());
            return key;
        }).toList());
        return m;
    }

    private void printKey(ConfigKey k) {
        console.out().printf("           %-28s %-8s %s%s (env %s)%n", k.name(), k.secret() ? "secret" : "",
                k.description(), k.defaultValue().map(d -> " [default: " + d + "]").orElse(""), k.environmentVariable());
    }
}
