package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterContext;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A factory loaded from a plugin jar, with what it said about itself read once at load time and
 * its origin kept for {@code pxci adapters} and errors. What a plugin throws other than a
 * {@link PxciException} (a bug, or a jar built against another SPI) becomes one error naming the
 * jar: from {@link #create} an {@code INVALID_INPUT}, as is an adapter that lacks a method of its
 * port; from a method of the adapter a {@code FAILED}, which fails the stage that called it.
 */
final class PluginAdapterFactory<T> implements AdapterFactory<T> {
    private static final String FAULT = "this is a fault of the plugin (or of a jar built against another SPI than "
            + SPI_VERSION + "); remove it from the plugin directory or ask its authors";
    private final AdapterFactory<T> plugin;
    private final Path jar;
    private final String name;
    private final Class<T> port;
    private final String description;
    private final List<ConfigKey> configKeys;
    private final String spiVersion;

    private PluginAdapterFactory(AdapterFactory<T> plugin, Path jar) {
        this.plugin = plugin;
        this.jar = jar;
        this.name = plugin.name();
        this.port = plugin.port();
        this.description = plugin.description();
        this.configKeys = List.copyOf(plugin.configKeys());
        this.spiVersion = plugin.spiVersion();
        if (name == null || name.isBlank() || port == null) {
            throw new IllegalStateException(plugin.getClass().getName() + " gives no name or no port");
        }
    }

    /**
     * Asks {@code plugin} what it is.
     *
     * @throws RuntimeException or {@link LinkageError} as the plugin's methods threw them
     */
    static <T> PluginAdapterFactory<T> of(AdapterFactory<T> plugin, Path jar) {
        return new PluginAdapterFactory<>(plugin, jar);
    }

    /** The jar (or directory of jars) it came from. */
    Path jar() {
        return jar;
    }

    String factoryClass() {
        return plugin.getClass().getName();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<T> port() {
        return port;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return configKeys;
    }

    @Override
    public String spiVersion() {
        return spiVersion;
    }

    @Override
    public T create(AdapterConfig config) {
        return create(config, AdapterContext.DEFAULT);
    }

    @Override
    public T create(AdapterConfig config, AdapterContext context) {
        T adapter;
        ClassLoader caller = pluginContext();
        try {
            adapter = plugin.create(config, context);
        } catch (PxciException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what() + " failed to start: " + Plugins.reason(e), FAULT);
        } finally {
            Thread.currentThread().setContextClassLoader(caller);
        }
        if (!port.isInstance(adapter)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what() + " created " + (adapter == null ? "nothing"
                    : "a " + adapter.getClass().getName() + ", which is no " + port.getSimpleName()), FAULT);
        }
        if (!port.isInterface()) {
            return adapter;
        }
        List<String> missing = Arrays.stream(port.getMethods()).filter(m -> Modifier.isAbstract(implementation(adapter, m)))
                .map(m -> m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ")) + ")").sorted().toList();
        if (!missing.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what() + " is built against another SPI than " + SPI_VERSION
                    + ": " + adapter.getClass().getName() + " lacks " + String.join(", ", missing),
                    "use a version of the plugin built for SPI " + SPI_VERSION);
        }
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            ClassLoader callerOfMethod = pluginContext();
            try {
                return method.invoke(adapter, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException && !(cause instanceof PxciException) || cause instanceof LinkageError) {
                    throw new PxciException(ErrorCode.FAILED, what() + " failed in " + method.getName() + ": "
                            + Plugins.reason(cause), FAULT);
                }
                throw cause;
            } finally {
                Thread.currentThread().setContextClassLoader(callerOfMethod);
            }
        }));
    }

    /**
     * Makes the plugin's class loader the thread's context class loader, as libraries inside the
     * plugin that look themselves up through it expect; returns the one to put back.
     */
    private ClassLoader pluginContext() {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin.getClass().getClassLoader());
        return caller;
    }

    private String what() {
        return "plugin " + jar + ": the " + port.getSimpleName() + " adapter '" + name + "'";
    }

    /** The modifiers of the method {@code adapter} runs for {@code method} of the port. */
    private static int implementation(Object adapter, Method method) {
        try {
            return adapter.getClass().getMethod(method.getName(), method.getParameterTypes()).getModifiers();
        } catch (NoSuchMethodException e) {
            return Modifier.ABSTRACT;
        }
    }
}
