package dev.pxci.cli;

import dagger.Lazy;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.spi.AdapterFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pxci completion bash|zsh}: the completion script of the command line as built here, its
 * commands made by the composition root, with the names of the adapters found now (plugins'
 * included) as the values of the options that select one. zsh runs the same script through its
 * {@code bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script of pxci.",
                "bash: source <(pxci completion bash), or save it in /etc/bash_completion.d/pxci.",
                "zsh: source <(pxci completion zsh) in ~/.zshrc (it loads bashcompinit)."})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    /** The options that select an adapter by name, and the port whose adapters' names they take. */
    private static final Map<String, Class<?>> ADAPTER_OPTIONS = Map.of("--platform", ContainerPlatform.class,
            "--transport", ShellConnector.class, "--configurator", ConfigurationRunner.class);

    private final Console console;
    private final Lazy<AdapterRegistry> registry;

    @Inject
    CompletionCommand(Console console, Lazy<AdapterRegistry> registry) {
        this.console = console;
        this.registry = registry;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        try {
            offerAdapterNames(root, registry.get());
        } catch (PxciException e) {
            console.err().println("pxci: warning: adapter names are left out of the completion: " + e.getMessage());
        }
        console.out().print(AutoComplete.bash(spec.root().name(), root));
        console.out().flush();
        return ExitCode.OK;
    }

    /** Makes the options that select an adapter complete the names of the adapters found now, plugins' included. */
    private static void offerAdapterNames(CommandLine line, AdapterRegistry adapters) {
        CommandSpec command = line.getCommandSpec();
        for (OptionSpec option : List.copyOf(command.options())) {
            Class<?> port = ADAPTER_OPTIONS.get(option.longestName());
            if (port != null) {
                List<String> names = adapters.all().stream().filter(f -> f.port().equals(port)).map(AdapterFactory::name).toList();
                command.remove(option);
                // picocli names the script's list of values after the label, which these options share
                command.addOption(OptionSpec.builder(option).completionCandidates(names)
                        .paramLabel(option.longestName().substring(2).toUpperCase(java.util.Locale.ROOT)).build());
            }
        }
        line.getSubcommands().values().forEach(sub -> offerAdapterNames(sub, adapters));
    }
}
