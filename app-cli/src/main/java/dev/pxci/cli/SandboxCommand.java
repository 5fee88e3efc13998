package dev.pxci.cli;

import dev.pxci.sandbox.StopSignals;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pxci sandbox}: runs the embedded Proxmox VE and Gitea simulators in the foreground. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the embedded Proxmox VE and Gitea simulators in the foreground until interrupted.")
final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR", description = "Where the simulated cluster is kept (default: .pxci/sandbox).")
    Path state;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "API port (default: any free port).")
    int port;

    @Option(names = "--sandbox-nodes", paramLabel = "N", defaultValue = "1",
            description = "Nodes of the simulated cluster: pve, pve2, ... (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--reset", description = "Forget the simulated cluster and start from a fresh install"
            + " (with lxc: its containers, volumes, and the bridge when nothing else uses it).")
    boolean reset;

    @Option(names = "--sandbox-runtime", paramLabel = "sim|lxc", defaultValue = "sim",
            description = "Containers as records (sim, the default) or real LXC containers (lxc).")
    SandboxKind runtime;

    private final Console console;

    @Inject
    SandboxCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = console.workingDirectory().resolve(state == null ? SandboxRuntime.DEFAULT_STATE : state);
        if (reset) {
            SandboxRuntime.reset(dir, runtime);
        }
        try (SandboxRuntime sandbox = SandboxRuntime.start(dir, port, runtime, nodes, console.err()::println)) {
            var out = console.out();
            out.println("Proxmox VE API  " + sandbox.apiUrl());
            out.println("API token       " + sandbox.token());
            out.println("TLS fingerprint " + sandbox.fingerprint());
            out.println("Gitea           " + sandbox.giteaUrl());
            sandbox.giteaAdmin().ifPresent(admin -> out.println("Gitea admin     " + admin + " (a new token each start)"));
            sandbox.lxcDescription().forEach(out::println);
            out.println("Nodes           " + String.join(", ", sandbox.nodes()));
            out.println("State           " + dir);
            out.println("Use it with: PXCI_PROXMOX_URL=" + sandbox.apiUrl().replace("/api2/json", "")
                    + " PXCI_PROXMOX_FINGERPRINT=" + sandbox.fingerprint() + " ... (Ctrl-C stops)");
            out.flush();
            StopSignals.await();
        }
        return ExitCode.OK;
    }
}
