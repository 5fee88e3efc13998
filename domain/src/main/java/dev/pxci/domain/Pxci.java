package dev.pxci.domain;

import dev.pxci.domain.stage.BootstrapStage;
import dev.pxci.domain.stage.ConvergeStage;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.domain.stage.ForgeProvider;
import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.domain.stage.ProvisionStage;
import dev.pxci.domain.stage.ReplicateStage;
import dev.pxci.domain.stage.Stage;
import dev.pxci.domain.stage.StageContext;
import dev.pxci.domain.stage.VerifyStage;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.run.RunListener;
import dev.pxci.ports.spi.AdapterConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The library entry point: builds an {@link Engine} from adapters (passed in, or found by name
 * through the SPI) without the CLI or any DI container.
 *
 * <pre>{@code
 * Engine engine = Pxci.builder()
 *     .platform("proxmox", config)      // or .platform(myPlatform)
 *     .listener(System.out::println)
 *     .build();
 * RunReport report = engine.apply(deployment, List.of());
 * }</pre>
 */
public final class Pxci {
    private Pxci() {
    }

    /**
     * Refuses, before anything starts, a stage name the pipeline does not have: {@code INVALID_INPUT}
     * naming it and listing the stages.
     */
    public static void requireKnownStages(List<String> names) {
        Engine.requireKnown(pipeline().stream().map(Stage::name).toList(), names);
    }

    private static List<Stage> pipeline() {
        return List.of(new ProvisionStage(), new BootstrapStage(), ConvergeStage.configure(), ConvergeStage.share(),
                new VerifyStage(), new ReplicateStage());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the adapters and options; {@link #build()} may be called once per configuration. */
    public static final class Builder {
        private ContainerPlatform platform;
        private ShellConnector shells;
        private ConfigurationRunner configurator;
        private ForgeProvider forges;
        private Shell host;
        private PipelineSettings settings = PipelineSettings.DEFAULTS;
        private RunListener listener = RunListener.NONE;
        private EngineOptions options = EngineOptions.DEFAULTS;
        private AdapterRegistry registry;

        private Builder() {
        }

        public Builder platform(ContainerPlatform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** Finds the platform adapter by name through the SPI and creates it with {@code config}. */
        public Builder platform(String name, AdapterConfig config) {
            return platform(registry().create(ContainerPlatform.class, name, config));
        }

        /** The transport into containers; without it the in-container stages are skipped. */
        public Builder shells(ShellConnector shells) {
            this.shells = Objects.requireNonNull(shells, "shells");
            return this;
        }

        /** The configuration tool; without it {@code configure} and {@code share} are skipped. */
        public Builder configurator(ConfigurationRunner configurator) {
            this.configurator = Objects.requireNonNull(configurator, "configurator");
            return this;
        }

        /** The forge inside each container; without it {@code replicate} is skipped. */
        public Builder forges(ForgeProvider forges) {
            this.forges = Objects.requireNonNull(forges, "forges");
            return this;
        }

        /**
         * A shell on the machine pxci runs on, for evidence gathered from outside the containers
         * ({@code verify} reads each share with {@code smbclient} from here); without it the shares
         * are checked inside the container only.
         */
        public Builder host(Shell host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder settings(PipelineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder options(EngineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Uses this registry instead of the class path's ServiceLoader for adapters given by name. */
        public Builder registry(AdapterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Engine build() {
            if (platform == null) {
                throw new IllegalStateException("a platform adapter is required: call platform(...)");
            }
            StageContext context = StageContext.of(platform, Optional.ofNullable(shells), Optional.ofNullable(configurator),
                    Optional.ofNullable(forges), Optional.ofNullable(host), settings, listener, options);
            return new Engine(context, pipeline());
        }

        private AdapterRegistry registry() {
            if (registry == null) {
                registry = AdapterRegistry.fromClassPath();
            }
            return registry;
        }
    }
}
