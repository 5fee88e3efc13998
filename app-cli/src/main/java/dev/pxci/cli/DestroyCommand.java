package dev.pxci.cli;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.stage.EngineOptions;
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

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a terminal.")
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
        return session.run(options, engineOptions, (engine, deployment) -> {
            boolean confirmed = dryRun || yes || !session.console().interactive() || confirm(deployment);
            return engine.destroy(deployment, !confirmed);
        }, false, true);
    }

    private boolean confirm(Deployment deployment) {
        String what = deployment.containers().stream().map(ContainerDeclaration::label).collect(Collectors.joining(", "));
        // With --output json standard output carries JSON only: the question goes where a person reads.
        var ask = options.output == OutputFormat.json ? session.console().err() : session.console().out();
        ask.print("Destroy " + what + (purgeShares ? " and their share volumes" : "") + "? [y/N] ");
        ask.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(session.console().in(), StandardCharsets.UTF_8)).readLine();
            boolean ok = answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
            if (!ok) {
                ask.println("Not confirmed: showing what would be destroyed instead.");
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }
}
