package dev.pxci.cli;

import dagger.Lazy;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.Engine;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.domain.Pxci;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.Redactor;
import dev.pxci.domain.stage.ForgeProvider;
import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.domain.stage.ReplicateStage;
import java.util.List;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.ConfigKey;
import java.util.Map;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
        final String platformName;
        final Optional<ShellConnector> shells;
        final Optional<ConfigurationRunner> configurator;
        final Optional<ForgeProvider> forges;
        final PipelineSettings pipeline;
        final Redactor redactor;
        final ProgressRelay progress;
        private final Optional<ProjectSnapshot> snapshot;
        private final Optional<SandboxRuntime> sandbox;
        private final Optional<DeploymentLock> lock;

        private Opened(Deployment deployment, ContainerPlatform platform, String platformName, Optional<ShellConnector> shells,
                       Optional<ConfigurationRunner> configurator, Optional<ForgeProvider> forges, PipelineSettings pipeline,
                       Redactor redactor, ProgressRelay progress, Optional<ProjectSnapshot> snapshot,
                       Optional<SandboxRuntime> sandbox, Optional<DeploymentLock> lock) {
            this.deployment = deployment;
            this.platform = platform;
            this.platformName = platformName;
            this.shells = shells;
            this.configurator = configurator;
            this.forges = forges;
            this.pipeline = pipeline;
            this.redactor = redactor;
            this.progress = progress;
            this.snapshot = snapshot;
            this.sandbox = sandbox;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                platform.close();
            } finally {
                try {
                    snapshot.ifPresent(ProjectSnapshot::close);
                } finally {
                    try {
                        sandbox.ifPresent(SandboxRuntime::close);
                    } finally {
                        lock.ifPresent(DeploymentLock::close);
                    }
                }
            }
        }
    }

    Opened open(RunOptions options) {
        return open(options, Optional.empty());
    }

    /**
     * Opens what a command needs; with {@code lockWait}, first takes the locks of the deployment's
     * containers on their cluster (waiting that long for another run), before anything starts.
     */
    Opened open(RunOptions options, Optional<Duration> lockWait) {
        Pxci.requireKnownStages(options.stages);
        Deployment deployment = DeploymentFiles.load(resolve(options.config));
        AdapterRegistry adapters = registry.get();
        AdapterSettings settings = AdapterSettings.load(Optional.ofNullable(options.secrets).map(this::resolve),
                console.environment(), adapters);
        AdapterFactory<ContainerPlatform> factory = adapters.find(ContainerPlatform.class, options.platform);
        Optional<DeploymentLock> lock = lockWait.map(wait -> DeploymentLock.acquire(cluster(options, settings),
                deployment.containers().stream().map(c -> c.spec().vmid()).collect(Collectors.toCollection(TreeSet::new)),
                wait));
        Optional<SandboxRuntime> sandbox = Optional.empty();
        try {
            if (!options.sandbox && options.sandboxRuntime != SandboxKind.sim) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "--sandbox-runtime applies to the sandbox only",
                        "add --sandbox, or leave --sandbox-runtime out to use the configured Proxmox VE");
            }
            if (options.sandbox) {
                SandboxRuntime.checkHost(options.sandboxRuntime);
                SandboxRuntime.checkAddresses(options.sandboxRuntime, deployment.containers());
                sandbox = Optional.of(SandboxRuntime.start(sandboxState(options), 0, options.sandboxRuntime,
                        options.sandboxNodes, console.err()::println));
                sandbox.get().applyTo(settings);
            }
        } catch (RuntimeException e) {
            lock.ifPresent(DeploymentLock::close);
            throw e;
        }
        try {
            // An adapter the user configured is created now, so a malformed setting is refused before anything
            // changes; one left unconfigured is created on first use (provision-only and sandbox runs need none).
            Optional<ShellConnector> shells = factory(adapters, ShellConnector.class, options.transport)
                    .map(f -> settings.configures(f) ? settings.create(f) : LazyAdapters.shells(() -> settings.create(f)));
            Optional<AdapterFactory<ConfigurationRunner>> toolFactory =
                    factory(adapters, ConfigurationRunner.class, options.configurator);
            Optional<ConfigurationRunner> configurator = toolFactory.map(f -> settings.configures(f) ? settings.create(f)
                    : LazyAdapters.configurator(f.name(), () -> settings.create(f)));
            Optional<ForgeProvider> forges = forges(adapters, settings);
            boolean replicates = options.stages.isEmpty() || options.stages.contains(ReplicateStage.NAME);
            if (forges.isPresent() && replicates && adapters.all().stream().anyMatch(f -> f.port().equals(Forge.class)
                    && settings.configures(f))) {
                deployment.containers().forEach(c -> forges.get().forContainer(c).close());
            }
            PipelineSettings pipeline;
            try {
                pipeline = PipelineConfig.read(settings, console.workingDirectory(), new ReplicatedSettings.Shape(
                        options.config, options.platform, options.configurator, options.transport));
            } catch (PxciException e) {
                throw settings.located(e, HostKeys.ALL);
            }
            if (pipeline.tool().isEmpty()) {
                pipeline = toolFactory.flatMap(f -> pinnedVersion(f, settings)).map(pipeline::withTool).orElse(pipeline);
            }
            ContainerPlatform platform = settings.create(factory);
            Optional<ProjectSnapshot> snapshot = Optional.empty();
            if (forges.isPresent() && replicates && pipeline.project().isPresent()) {
                List<Path> excluded = new java.util.ArrayList<>();
                Optional.ofNullable(options.secrets).map(this::resolve).ifPresent(excluded::add);
                excluded.addAll(settings.namedFiles(adapters, console.workingDirectory()));
                if (options.sandbox) {
                    excluded.add(sandboxState(options));
                }
                snapshot = Optional.of(ProjectSnapshot.of(pipeline.project().get(), excluded));
                pipeline = pipeline.withProject(snapshot.get().root());
            }
            // what the replicated pipeline gets as secrets (the CI's private key among them) is hidden too, line by line
            List<Secret> secrets = new java.util.ArrayList<>(settings.allSecrets(adapters));
            secrets.addAll(pipeline.forgeSecrets().values());
            return new Opened(deployment, platform, factory.name(), shells, configurator, forges, pipeline,
                    Redactor.lineByLine(secrets), settings.progress(), snapshot, sandbox, lock);
        } catch (RuntimeException e) {
            try {
                sandbox.ifPresent(SandboxRuntime::close);
            } finally {
                lock.ifPresent(DeploymentLock::close);
            }
            throw e;
        }
    }

    /** What names the cluster the containers live on: the sandbox's state, else the API's address, else the platform. */
    private String cluster(RunOptions options, AdapterSettings settings) {
        if (options.sandbox) {
            Path state = sandboxState(options).toAbsolutePath().normalize();
            try {
                return "sandbox " + (Files.exists(state) ? state.toRealPath() : state);
            } catch (java.io.IOException e) {
                return "sandbox " + state;
            }
        }
        return settings.value(ConfigKey.plain("proxmox.url", "")).or(() -> settings.value(ConfigKey.plain("proxmox.host", "")))
                .map(address -> options.platform + " " + address).orElse(options.platform);
    }

    /**
     * The adapter named for a port, created on first use, or empty when no adapter serves that
     * port at all (the stages that need it are then skipped with that reason); a wrong name is an
     * error at once.
     */
    private static <T> Optional<AdapterFactory<T>> factory(AdapterRegistry adapters, Class<T> port, String name) {
        if (adapters.all().stream().noneMatch(f -> f.port().equals(port))) {
            return Optional.empty();
        }
        return Optional.of(adapters.find(port, name));
    }

    /** The version the tool's adapter pins ({@code cinc.version}), as the requirement bootstrap installs. */
    private static Optional<ToolRequirement> pinnedVersion(AdapterFactory<ConfigurationRunner> factory, AdapterSettings settings) {
        return factory.configKeys().stream().filter(k -> k.name().equals(factory.name() + ".version")).findFirst()
                .flatMap(k -> settings.value(k).or(k::defaultValue))
                .map(v -> new ToolRequirement(v, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /**
     * The Gitea inside each container, at Gitea's port 3000 of the container's address; or the one
     * Gitea at {@code gitea.url} when that is set, which every container then shares (changes one at a time).
     */
    private static Optional<ForgeProvider> forges(AdapterRegistry adapters, AdapterSettings settings) {
        if (adapters.all().stream().noneMatch(f -> f.port().equals(Forge.class))) {
            return Optional.empty();
        }
        AdapterFactory<Forge> factory = adapters.find(Forge.class, "gitea");
        Optional<String> fixed = settings.value(ConfigKey.plain("gitea.url", ""));
        if (fixed.isPresent()) {
            Object changes = new Object();
            return Optional.of(new ForgeProvider() {
                @Override
                public Forge forContainer(ContainerDeclaration container) {
                    return new SharedForge(settings.create(factory), changes);
                }

                @Override
                public boolean sharedByAllContainers() {
                    return true;
                }
            });
        }
        return Optional.of(c -> settings.create(factory, Map.of("gitea.url",
                "http://" + c.address().orElseThrow(() -> new PxciException(ErrorCode.INVALID_INPUT,
                        c.source() + ": IP=dhcp leaves the address of the container's Gitea unknown",
                        "give the container a static IP or set gitea.url")) + ":3000")));
    }

    /**
     * Runs an action; {@code exclusive} actions (those that change things) hold the deployment's
     * lock, so a second one waits or refuses.
     */
    int run(RunOptions options, EngineOptions engineOptions, Action action, boolean detailedExitCode, boolean exclusive) {
        Duration wait = new AdapterConfig(Map.of("--lock-wait", options.lockWait), Map.of())
                .getDuration("--lock-wait", Duration.ZERO);
        Optional<Path> htmlReport = Optional.ofNullable(options.report).map(this::resolve).map(HtmlReport::target);
        try (Opened opened = open(options, exclusive ? Optional.of(wait) : Optional.empty())) {
            Optional<RunTimeline> timeline = htmlReport.map(f -> new RunTimeline());
            RunReport report;
            if (options.output == OutputFormat.json) {
                RunListener json = new JsonRenderer(console.out(), console.err(), opened.redactor);
                report = execute(opened, engineOptions, action, timeline.map(t -> t.alongside(json)).orElse(json));
            } else {
                try (TextRenderer text = new TextRenderer(console.out(), console.err(), opened.redactor, console.interactive())) {
                    report = execute(opened, engineOptions, action, timeline.map(t -> t.alongside(text)).orElse(text));
                }
            }
            timeline.ifPresent(t -> HtmlReport.write(t, htmlReport.get(), opened.redactor));
            if (!report.succeeded()) {
                return ExitCode.FAILURE;
            }
            return detailedExitCode && report.changedAnything() ? ExitCode.CHANGES : ExitCode.OK;
        }
    }

    private RunReport execute(Opened opened, EngineOptions engineOptions, Action action, RunListener listener) {
        Pxci.Builder builder = Pxci.builder().platform(opened.platform).listener(listener).options(engineOptions)
                .settings(opened.pipeline);
        opened.shells.ifPresent(builder::shells);
        opened.configurator.ifPresent(builder::configurator);
        opened.forges.ifPresent(builder::forges);
        Optional<Shell> host = thisMachine();
        // the platform's own progress (the base playbook of --platform ansible) becomes output of the run
        opened.progress.to((channel, line) -> listener.onEvent(new RunEvent.Output("platform", opened.platformName, line)));
        try {
            host.ifPresent(builder::host);
            return action.apply(builder.build(), opened.deployment);
        } finally {
            opened.progress.to(OutputListener.NONE);
            host.ifPresent(Shell::close);
        }
    }

    /** A shell on this machine through the {@code local} transport, when there is one: verify reads shares from here. */
    private Optional<Shell> thisMachine() {
        return registry.get().all().stream().filter(f -> f.port().equals(ShellConnector.class) && f.name().equals("local"))
                .findFirst()
                .map(f -> registry.get().create(ShellConnector.class, "local", AdapterConfig.empty())
                        .open(new ShellTarget("localhost", 22, System.getProperty("user.name"))));
    }

    /** Where the sandbox keeps its cluster: {@code --state}, else {@code .pxci/sandbox}. */
    private Path sandboxState(RunOptions options) {
        return resolve(options.state == null ? SandboxRuntime.DEFAULT_STATE : options.state);
    }

    Path resolve(Path path) {
        return console.workingDirectory().resolve(path);
    }

    Console console() {
        return console;
    }
}
