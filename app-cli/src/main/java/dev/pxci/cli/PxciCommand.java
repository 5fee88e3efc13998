package dev.pxci.cli;

import javax.inject.Inject;
import picocli.CommandLine.Command;

/** {@code pxci}: the top-level command; its subcommands are added as a command line needs them ({@link Subcommands}). */
@Command(name = "pxci", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proxmox VE LXC containers as code: provision, bootstrap, converge, verify, replicate.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a stage or operation failed", "2:usage or configuration error",
                "3:plan has changes (with --detailed-exitcode)"})
final class PxciCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final PluginDirectory plugins;

    @Inject
    PxciCommand(PluginDirectory plugins) {
        this.plugins = plugins;
    }

    @picocli.CommandLine.Option(names = "--plugins", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Directory of third-party adapter jars (default: $PXCI_PLUGINS, else ~/.pxci/plugins).")
    void plugins(java.nio.file.Path directory) {
        plugins.choose(directory);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
