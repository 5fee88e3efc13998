package dev.pxci.cli;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.plan.ContainerPlan;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.run.RunEvent;
import java.util.LinkedHashMap;
import java.util.List;
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
            boolean json = options.output == OutputFormat.json;
            opened.platform.info().warnings().forEach(w -> {
                session.console().err().println(opened.redactor.apply("pxci: warning: " + w));
                if (json) {
                    out.println(opened.redactor.apply(JsonRenderer.line(JsonRenderer.toMap(new RunEvent.Warning(w)))));
                }
            });
            if (!json) {
                out.printf("%-10s %-20s %-10s %-9s %-10s %s%n", "ID", "HOSTNAME", "NODE", "STATUS", "LOCK", "DRIFT");
            }
            for (ContainerDeclaration c : opened.deployment.containers()) {
                Optional<ObservedContainer> o = Optional.ofNullable(observed.get(c.spec().vmid()));
                ContainerPlan plan = ContainerPlan.of(c, o);
                String node = o.map(x -> x.ref().node()).orElse("-");
                String power = o.map(x -> x.power().name().toLowerCase(Locale.ROOT)).orElse("absent");
                String lock = o.flatMap(ObservedContainer::lock).orElse("-");
                List<String> drift = plan.action() == ContainerPlan.Action.NONE ? List.of() : plan.describeChanges();
                if (json) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("time", java.time.Instant.now().toString());
                    line.put("event", "status");
                    line.put("vmid", c.spec().vmid());
                    line.put("hostname", c.spec().config().hostname());
                    line.put("node", o.map(x -> x.ref().node()).orElse(null));
                    line.put("status", power);
                    line.put("lock", o.flatMap(ObservedContainer::lock).orElse(null));
                    line.put("drift", drift);
                    out.println(opened.redactor.apply(JsonRenderer.line(line)));
                } else {
                    out.printf("%-10d %-20s %-10s %-9s %-10s %s%n", c.spec().vmid(), c.spec().config().hostname(), node,
                            power, lock, drift.isEmpty() ? "none" : String.join("; ", drift));
                }
            }
            return ExitCode.OK;
        }
    }
}
