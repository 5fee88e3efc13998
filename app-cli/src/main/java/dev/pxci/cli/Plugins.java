package dev.pxci.cli;

import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugin path: every {@code *.jar} in the plugin directory is one plugin, and so is every
 * sub-directory (all its jars together, for a plugin that brings libraries). Each plugin gets a
 * class loader of its own over {@link SpiOnlyClassLoader}, and its factories are found through
 * the same SPI as the built-in ones. Whatever is wrong with a plugin (not a jar, no factory, a
 * factory that cannot be loaded or throws, one built for an SPI version this host cannot run, a
 * name another adapter already serves) is one {@code INVALID_INPUT} error naming it: nothing is
 * skipped and nothing is picked silently.
 */
final class Plugins {
    private static final String SERVICE_PREFIX = AdapterFactory.class.getName() + ": ";
    private static final String SERVICES = "META-INF/services/" + AdapterFactory.class.getName();

    private Plugins() {
    }

    /** The built-in adapters and those of the plugins in {@code directory}. */
    static AdapterRegistry registry(PluginDirectory directory) {
        List<AdapterFactory<?>> all = new ArrayList<>(AdapterRegistry.fromClassPath().all());
        Map<String, String> origins = new LinkedHashMap<>();
        all.forEach(f -> origins.put(key(f), "a built-in adapter (" + f.getClass().getName() + ")"));
        for (PluginAdapterFactory<?> f : load(directory)) {
            String other = origins.putIfAbsent(key(f), "plugin " + f.jar() + " (" + f.factoryClass() + ")");
            if (other != null) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "plugin " + f.jar() + ": the " + f.port().getSimpleName()
                        + " adapter name '" + f.name() + "' is taken by " + other,
                        "an adapter name is unique per port: remove one of them from " + directory.path());
            }
            all.add(f);
        }
        return new AdapterRegistry(all);
    }

    /** Where {@code f} appears in {@code pxci adapters}. */
    static String origin(AdapterFactory<?> f) {
        return f instanceof PluginAdapterFactory<?> p ? p.jar().toString() : "built-in";
    }

    private static List<PluginAdapterFactory<?>> load(PluginDirectory directory) {
        Path dir = directory.path();
        if (!Files.isDirectory(dir)) {
            if (directory.namedBy().isPresent()) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "the plugin directory " + dir + " (from "
                        + directory.namedBy().get() + ") is not a directory",
                        "give a directory of adapter jars, or leave " + directory.namedBy().get() + " unset");
            }
            return List.of();
        }
        List<PluginAdapterFactory<?>> found = new ArrayList<>();
        for (Path plugin : list(dir, p -> isJar(p) || Files.isDirectory(p))) {
            List<Path> jars = Files.isDirectory(plugin) ? list(plugin, Plugins::isJar) : List.of(plugin);
            found.addAll(load(plugin, jars));
        }
        return found;
    }

    private static List<PluginAdapterFactory<?>> load(Path plugin, List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                new JarFile(jar.toFile()).close();
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw refused(plugin, "is not a readable jar" + (jar.equals(plugin) ? "" : ": " + jar.getFileName())
                        + " (" + e.getMessage() + ")", "replace it with the jar as it was built, or remove it");
            }
        }
        ClassLoader loader = new URLClassLoader("pxci-plugin " + plugin.getFileName(), urls.toArray(URL[]::new),
                new SpiOnlyClassLoader(AdapterFactory.class.getClassLoader()));
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return factories(plugin, loader);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static List<PluginAdapterFactory<?>> factories(Path plugin, ClassLoader loader) {
        List<PluginAdapterFactory<?>> factories = new ArrayList<>();
        @SuppressWarnings("rawtypes")
        Iterator<AdapterFactory> providers = ServiceLoader.load(AdapterFactory.class, loader).iterator();
        while (true) {
            PluginAdapterFactory<?> factory;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                AdapterFactory<?> next = providers.next();
                factory = PluginAdapterFactory.of(next, plugin);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                throw refused(plugin, "cannot load its adapter factory: " + reason(e),
                        "it may be built against another SPI than " + AdapterFactory.SPI_VERSION
                                + " or lack a library it needs; remove it from the plugin directory");
            }
            checkVersion(plugin, factory);
            factories.add(factory);
        }
        if (factories.isEmpty()) {
            boolean listed = loader.getResource(SERVICES) != null;
            throw refused(plugin, "declares no adapter: " + (listed ? "its " + SERVICES + " names no factory of its own"
                            : "it has no " + SERVICES),
                    "list the factory's class name in that file of the jar, or remove the jar from the plugin directory");
        }
        return factories;
    }

    private static void checkVersion(Path plugin, PluginAdapterFactory<?> factory) {
        SpiVersion builtFor;
        try {
            builtFor = SpiVersion.parse(factory.spiVersion());
        } catch (IllegalArgumentException e) {
            throw refused(plugin, factory.factoryClass() + " declares a malformed SPI version: " + e.getMessage(),
                    "return SPI_VERSION from spiVersion()");
        }
        if (!SpiVersion.CURRENT.runs(builtFor)) {
            throw refused(plugin, factory.factoryClass() + " is built for SPI " + builtFor + ", which this pxci (SPI "
                            + SpiVersion.CURRENT + ") cannot run",
                    "use a version of the plugin built for SPI " + SpiVersion.CURRENT.major() + ".x (at most "
                            + SpiVersion.CURRENT + ")");
        }
    }

    /** One line for what went wrong: the message and the first cause that says more. */
    static String reason(Throwable e) {
        StringBuilder text = new StringBuilder(describe(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(describe(cause));
        }
        return text.toString();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ServiceConfigurationError) {
            return message.startsWith(SERVICE_PREFIX) ? message.substring(SERVICE_PREFIX.length()) : message;
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : " " + message);
    }

    private static PxciException refused(Path plugin, String what, String hint) {
        return new PxciException(ErrorCode.INVALID_INPUT, "plugin " + plugin + " " + what, hint);
    }

    private static String key(AdapterFactory<?> f) {
        return f.port().getName() + " " + f.name();
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar");
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> which) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(which).sorted().toList();
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read the plugin directory " + dir + ": " + e.getMessage());
        }
    }
}
