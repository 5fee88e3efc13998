package dev.pxci.cli;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.plan.ContainerPlan;
import dev.pxci.ports.platform.ObservedContainer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pxci status}: one line per declared container, as the platform sees it now. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each declared container as the platform sees it: node, power, lock and drift.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    private final Session session;

    @Inject
    StatusCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (Session.Opened opened = session.open(options)) {
            Map<Integer, ObservedContainer> observed = opened.platform.observe(opened.deployment.containers().stream()
                    .map(c -> c.spec().vmid()).collect(Collectors.toSet()));
            var out = session.console().out();
            opened.platform.info().warnings()
                    .forEach(w -> session.console().err().println(opened.redactor.apply("pxci: warning: " + w)));
            out.printf("%-10s %-20s %-10s %-9s %-10s %s%n", "ID", "HOSTNAME", "NODE", "STATUS", "LOCK", "DRIFT");
            for (ContainerDeclaration c : opened.deployment.containers()) {
                Optional<ObservedContainer> o = Optional.ofNullable(observed.get(c.spec().vmid()));
                ContainerPlan plan = ContainerPlan.of(c, o);
                out.printf("%-10d %-20s %-10s %-9s %-10s %s%n", c.spec().vmid(), c.spec().config().hostname(),
                        o.map(x -> x.ref().node()).orElse("-"),
                        o.map(x -> x.power().name().toLowerCase(Locale.ROOT)).orElse("absent"),
                        o.flatMap(ObservedContainer::lock).orElse("-"),
                        plan.action() == ContainerPlan.Action.NONE ? "none" : String.join("; ", plan.describeChanges()));
            }
            return ExitCode.OK;
        }
    }
}
