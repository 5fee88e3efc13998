package dev.pxci.cli;

import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that works on a deployment shares. */
final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE|DIR", defaultValue = "config.env",
            description = "A container's env file, or a directory of them plus an optional defaults.env (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--secrets", paramLabel = "FILE",
            description = "JSON secrets in the seed's config.json shape; must not be readable by group or others.")
    Path secrets;

    @Option(names = "--stage", paramLabel = "NAME", description = "Run only this stage (repeatable).")
    List<String> stages = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "NAME", defaultValue = "proxmox",
            description = "ContainerPlatform adapter (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--configurator", paramLabel = "NAME", defaultValue = "cinc",
            description = "ConfigurationRunner adapter (default: ${DEFAULT-VALUE}).")
    String configurator;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "ssh",
            description = "ShellConnector adapter (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one JSON event per line, the run report last). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8",
            description = "Containers worked on at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "How long to wait when another run holds the deployment's lock (30s, 10m; default: refuse at once).")
    String lockWait;

    @Option(names = "--sandbox", description = "Start the embedded Proxmox VE and Gitea simulators and run against them.")
    boolean sandbox;

    @Option(names = "--sandbox-runtime", paramLabel = "sim|lxc", defaultValue = "sim",
            description = "With --sandbox: containers as records (sim, the default) or real LXC containers (lxc: root,"
                    + " Debian's lxc and mmdebstrap; subnet 10.99.0.0/24 on bridge pxcibr0).")
    SandboxKind sandboxRuntime;

    @Option(names = "--sandbox-nodes", paramLabel = "N", defaultValue = "1",
            description = "With --sandbox: nodes of the simulated cluster, pve, pve2, ... (default: ${DEFAULT-VALUE}).")
    int sandboxNodes;

    @Option(names = "--state", paramLabel = "DIR",
            description = "With --sandbox: where the simulated cluster is kept (default: .pxci/sandbox).")
    Path state;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write the run as a self-contained HTML page: a timeline of every container's stages and tasks.")
    Path report;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    /** The engine options these flags ask for; a parallelism below 1 is refused. */
    EngineOptions engineOptions() {
        if (parallelism < 1) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--parallelism must be at least 1, was " + parallelism,
                    "give how many containers to work on at once, such as --parallelism 4");
        }
        return EngineOptions.DEFAULTS.withParallelism(parallelism).withStopRequested(GracefulStop::requested);
    }
}
