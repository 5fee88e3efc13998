package dev.pxci.cli;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pxci destroy}: remove the deployment's containers, keeping share volumes by default. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroy the declared containers. Share volumes are kept unless --purge-shares is given.")
final class DestroyCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--purge-shares", description = "Also delete the share volumes.")
    boolean purgeShares;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation; required when no person can answer"
            + " (standard input is not a terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Only show what would be destroyed.")
    boolean dryRun;

    private final Session session;

    @Inject
    DestroyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        EngineOptions engineOptions = options.engineOptions().withPurgeShares(purgeShares);
        if (!dryRun && !yes && !session.console().canAsk()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "destroy asks for confirmation, and standard input is not a"
                    + " terminal", "pass --yes to destroy without asking, or --dry-run to see what would be destroyed");
        }
        return session.run(options, engineOptions, (engine, deployment) -> {
            boolean confirmed = dryRun || yes || confirm(deployment);
            return engine.destroy(deployment, !confirmed);
        }, false, true);
    }

    private boolean confirm(Deployment deployment) {
        String what = deployment.containers().stream().map(ContainerDeclaration::label).collect(Collectors.joining(", "));
        // The question goes to standard error, which a person sees even when the output goes into a pipe
        // and which never mixes with the JSON lines of --output json.
        session.console().err().print("Destroy " + what + (purgeShares ? " and their share volumes" : "") + "? [y/N] ");
        session.console().err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(session.console().in(), StandardCharsets.UTF_8)).readLine();
            boolean ok = answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
            if (!ok) {
                session.console().err().println("Not confirmed: showing what would be destroyed instead.");
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }
}
