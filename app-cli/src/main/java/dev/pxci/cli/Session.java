package dev.pxci.cli;

import dagger.Lazy;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.Engine;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.domain.Pxci;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.spi.AdapterFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.inject.Inject;

/**
 * One CLI run over a deployment: reads the configuration, creates the adapters through the SPI,
 * renders events, and turns the run report into an exit code.
 */
final class Session {
    private final Console console;
    private final Lazy<AdapterRegistry> registry;

    @Inject
    Session(Console console, Lazy<AdapterRegistry> registry) {
        this.console = console;
        this.registry = registry;
    }

    /** What a command does with the engine once everything is set up. */
    interface Action extends BiFunction<Engine, Deployment, RunReport> {
    }

    /** Everything a command needs, opened together and closed together. */
    final class Opened implements AutoCloseable {
        final Deployment deployment;
        final ContainerPlatform platform;
        final Redactor redactor;

        private Opened(Deployment deployment, ContainerPlatform platform, Redactor redactor) {
            this.deployment = deployment;
            this.platform = platform;
            this.redactor = redactor;
        }

        @Override
        public void close() {
            platform.close();
        }
    }

    Opened open(RunOptions options) {
        Deployment deployment = DeploymentFiles.load(resolve(options.config));
        AdapterRegistry adapters = registry.get();
        AdapterSettings settings = AdapterSettings.load(Optional.ofNullable(options.secrets).map(this::resolve),
                console.environment(), adapters);
        AdapterFactory<ContainerPlatform> factory = adapters.find(ContainerPlatform.class, options.platform);
        ContainerPlatform platform = factory.create(settings.configFor(factory));
        return new Opened(deployment, platform, new Redactor(settings.allSecrets(adapters)));
    }

    int run(RunOptions options, EngineOptions engineOptions, Action action, boolean detailedExitCode) {
        if (options.parallelism < 1) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--parallelism must be at least 1, was " + options.parallelism);
        }
        try (Opened opened = open(options)) {
            RunReport report;
            if (options.output == OutputFormat.json) {
                report = execute(opened, engineOptions, action, new JsonRenderer(console.out(), opened.redactor));
            } else {
                try (TextRenderer text = new TextRenderer(console.out(), console.err(), opened.redactor, console.interactive())) {
                    report = execute(opened, engineOptions, action, text);
                }
            }
            if (!report.succeeded()) {
                return ExitCode.FAILURE;
            }
            return detailedExitCode && report.changedAnything() ? ExitCode.CHANGES : ExitCode.OK;
        }
    }

    private RunReport execute(Opened opened, EngineOptions engineOptions, Action action, RunListener listener) {
        Engine engine = Pxci.builder().platform(opened.platform).listener(listener).options(engineOptions).build();
        return action.apply(engine, opened.deployment);
    }

    Path resolve(Path path) {
        return console.workingDirectory().resolve(path);
    }

    Console console() {
        return console;
    }
}
