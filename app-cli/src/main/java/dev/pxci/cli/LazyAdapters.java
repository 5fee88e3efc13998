package dev.pxci.cli;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Adapters created on first use, so that a run which never enters a container (only
 * {@code provision}, or the sandbox) does not need the transport's or the tool's settings; a
 * missing setting then fails the stage that needs it, with the adapter's own message.
 */
final class LazyAdapters {
    private LazyAdapters() {
    }

    static ShellConnector shells(Supplier<ShellConnector> create) {
        Supplier<ShellConnector> once = memoize(create);
        return new ShellConnector() {
            @Override
            public Shell open(ShellTarget target) {
                return once.get().open(target);
            }

            @Override
            public Shell openWhenReady(ShellTarget target, Duration deadline) {
                return once.get().openWhenReady(target, deadline);
            }
        };
    }

    static ConfigurationRunner configurator(String name, Supplier<ConfigurationRunner> create) {
        Supplier<ConfigurationRunner> once = memoize(create);
        return new ConfigurationRunner() {
            @Override
            public String tool() {
                return name;
            }

            @Override
            public InstallResult ensureInstalled(Shell shell, ToolRequirement requirement) {
                return once.get().ensureInstalled(shell, requirement);
            }

            @Override
            public ConvergeReport converge(ConvergeTarget target, ConvergeRequest request, OutputListener listener) {
                return once.get().converge(target, request, listener);
            }
        };
    }

    private static <T> Supplier<T> memoize(Supplier<T> create) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = create.get();
                }
                return value;
            }
        };
    }
}
