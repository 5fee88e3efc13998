package dev.pxci.cli;

import java.nio.file.Path;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Where third-party adapter jars are looked for: {@code --plugins DIR}, else {@code PXCI_PLUGINS},
 * else {@code ~/.pxci/plugins}. A directory the user named must exist; the default one may be absent.
 */
@Singleton
final class PluginDirectory {
    static final String ENVIRONMENT = "PXCI_PLUGINS";

    private final Console console;
    private Path option;

    @Inject
    PluginDirectory(Console console) {
        this.console = console;
    }

    /** What {@code --plugins} said. */
    void choose(Path directory) {
        this.option = directory;
    }

    /** The directory to load plugins from, resolved against the working directory. */
    Path path() {
        if (option != null) {
            return console.workingDirectory().resolve(option).normalize();
        }
        String home = console.environment().getOrDefault("HOME", System.getProperty("user.home"));
        return named().map(console.workingDirectory()::resolve).orElseGet(() -> Path.of(home, ".pxci", "plugins"))
                .normalize();
    }

    /** Where the directory was named, for errors: the option, the variable, or empty for the default. */
    Optional<String> namedBy() {
        if (option != null) {
            return Optional.of("--plugins");
        }
        return named().map(v -> ENVIRONMENT);
    }

    private Optional<Path> named() {
        return Optional.ofNullable(console.environment().get(ENVIRONMENT)).filter(v -> !v.isBlank()).map(Path::of);
    }
}
