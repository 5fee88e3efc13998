package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares the inside of each container: the service user, its sudo rule, the CI public key,
 * SSH hardened (no root login, no passwords), and the configuration tool at its pinned version.
 * Every step checks before it changes, so a second run reports unchanged; the hardening comes
 * after the key, so the service user can always log in when root no longer can.
 */
public final class BootstrapStage extends InContainer {
    public static final String NAME = "bootstrap";
    static final String SSHD_DROP_IN = "/etc/ssh/sshd_config.d/50-pxci.conf";
    static final String SSHD_HARDENING = "PermitRootLogin no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    StageReport runOne(ContainerDeclaration c, Mode mode, StageContext context) {
        long start = System.nanoTime();
        PipelineSettings settings = context.settings();
        String key = settings.ciPublicKey().orElseThrow(() -> new PxciException(ErrorCode.INVALID_INPUT,
                "bootstrap needs the CI public key to authorise for " + settings.serviceUser(),
                "set ssh.public-key (environment PXCI_SSH_PUBLIC_KEY or the secrets file's \"pub\")"));
        Login login = context.sessions().into(c);
        List<RemoteStep> steps = steps(settings.serviceUser(), key);
        List<String> changes = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        evidence.add("logged in as " + login.user());
        for (RemoteStep step : steps) {
            if (step.satisfied(login)) {
                evidence.add(step.name() + ": in place");
                continue;
            }
            if (mode == Mode.APPLY) {
                Tasks.run(context.listener(), NAME, c.label(), step.name(), () -> {
                    step.apply(login);
                    return step;
                });
                changes.add(step.name());
            } else {
                changes.add((mode == Mode.PLAN ? "would ensure " : "missing: ") + step.name());
            }
        }
        if (settings.tool().isPresent() && context.configurator().isPresent()) {
            var runner = context.configurator().get();
            if (mode == Mode.APPLY) {
                InstallResult installed = Tasks.run(context.listener(), NAME, c.label(), runner.tool() + " installed",
                        () -> runner.ensureInstalled(login.shell(), settings.tool().get()));
                if (installed.change().changed()) {
                    changes.add(runner.tool() + " " + installed.version() + " installed");
                } else {
                    evidence.add(runner.tool() + " " + installed.version() + ": in place");
                }
            } else {
                evidence.add(runner.tool() + " " + settings.tool().get().version() + ": checked on apply");
            }
        }
        if (mode == Mode.VERIFY && !changes.isEmpty()) {
            return new StageReport(NAME, c.label(), StageOutcome.FAILED, String.join("; ", changes), List.of(), evidence,
                    PerContainer.since(start));
        }
        return report(c, start, changes, evidence, mode == Mode.PLAN ? "would bootstrap" : "bootstrapped", "in place");
    }

    static List<RemoteStep> steps(String user, String key) {
        return List.of(
                RemoteStep.user(user),
                RemoteStep.file("sudo rule for " + user, "/etc/sudoers.d/pxci-" + user,
                        user + " ALL=(ALL) NOPASSWD:ALL\n", "0440", List.of("visudo", "-cf"), List.of()),
                RemoteStep.authorizedKey(user, key),
                RemoteStep.file("SSH hardened", SSHD_DROP_IN, SSHD_HARDENING, "0644", List.of(),
                        List.of("sh", "-c", "sshd -t && (systemctl reload ssh || systemctl reload sshd)")));
    }
}
