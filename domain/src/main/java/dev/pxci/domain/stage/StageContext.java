package dev.pxci.domain.stage;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stage works with: the ports (the platform always; a shell connector, a configuration
 * runner, a forge provider and a shell on the machine pxci runs on when the host gave them), the
 * settings, the listener, the options, and the shell sessions and converges of the current run. The shell on
 * this machine gathers evidence from outside the containers (a share read with {@code smbclient}).
 */
public record StageContext(
        ContainerPlatform platform,
        Optional<ShellConnector> shells,
        Optional<ConfigurationRunner> configurator,
        Optional<ForgeProvider> forges,
        Optional<Shell> host,
        PipelineSettings settings,
        RunListener listener,
        EngineOptions options,
        Sessions sessions,
        ConvergeLog converges) {
    public StageContext {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(shells, "shells");
        Objects.requireNonNull(configurator, "configurator");
        Objects.requireNonNull(forges, "forges");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(converges, "converges");
    }

    /** A context whose sessions are opened on first use. */
    public static StageContext of(ContainerPlatform platform, Optional<ShellConnector> shells,
                                  Optional<ConfigurationRunner> configurator, Optional<ForgeProvider> forges,
                                  Optional<Shell> host, PipelineSettings settings, RunListener listener,
                                  EngineOptions options) {
        return new StageContext(platform, shells, configurator, forges, host, settings, listener, options,
                new Sessions(shells, settings, options.ticker()), new ConvergeLog());
    }

    /** The same context with a fresh set of sessions and converge log, for one run. */
    public StageContext forRun() {
        return new StageContext(platform, shells, configurator, forges, host, settings, listener, options,
                new Sessions(shells, settings, options.ticker()), new ConvergeLog());
    }
}
