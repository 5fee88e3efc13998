package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares the inside of each container: the service user, its sudo rule (checked with
 * {@code visudo -c} before it takes effect), the CI public key, SSH hardened (no root login, no
 * passwords; the drop-in is written under a temporary name, the whole server configuration with it
 * is checked with {@code sshd -t}, and only then is it moved into place and the server restarted,
 * which keeps open sessions), and the configuration tool at its pinned version. After the hardening
 * a root login on a new connection must be refused, and the server's effective settings must say
 * no to passwords. Every step checks
 * before it changes, so a second run reports unchanged; the hardening comes after the key, so the
 * service user can always log in when root no longer can.
 *
 * <p>The guarantees here are the ones the Ansible role {@code infra/base} gives too: the sudo rule
 * and the drop-in are the role's files, written to the same paths and validated the same way (a
 * test runs both checks on them).
 */
public final class BootstrapStage extends InContainer {
    public static final String NAME = "bootstrap";
    /** The sshd drop-in; read first, and the first value of a setting wins. */
    public static final String SSHD_DROP_IN = "/etc/ssh/sshd_config.d/00-pxci.conf";
    /** What the drop-in holds, byte for byte: the Ansible role's {@code files/sshd-hardening.conf}. */
    public static final String SSHD_HARDENING = roleFile("sshd-hardening.conf");
    /** The sudo rule after the user's name: the role's {@code files/sudo-rule}. */
    private static final String SUDO_RULE = roleFile("sudo-rule").strip();
    /**
     * Checks a new drop-in (its path is {@code $1}) together with the whole server configuration,
     * as the server would read it with the drop-in in place: {@code sh -c SCRIPT sh PATH}.
     */
    public static final String SSHD_CHECK = "printf 'Include %s\\nInclude /etc/ssh/sshd_config\\n' \"$1\" > \"$1.check\""
            + " && /usr/sbin/sshd -t -f \"$1.check\"; rc=$?; rm -f \"$1.check\"; exit $rc";
    /** The settings {@code sshd -T} must print once the hardening is in effect. */
    static final List<String> EFFECTIVE_SSHD = List.of("permitrootlogin no", "passwordauthentication no",
            "kbdinteractiveauthentication no");

    /** The sudo rule of a service user, as the role writes it: every command as any user, without a password. */
    public static String sudoRule(String user) {
        return user + " " + SUDO_RULE + "\n";
    }

    /** A file of the Ansible role {@code infra/base/roles/base/files}, which this jar carries. */
    private static String roleFile(String name) {
        try (InputStream in = BootstrapStage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the domain jar lacks infra/base's " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("infra/base's " + name + " cannot be read from the domain jar", e);
        }
    }

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
        if (mode == Mode.APPLY || mode == Mode.VERIFY && changes.isEmpty()) {
            List<String> failures = proveHardened(c, login, context);
            if (!failures.isEmpty()) {
                return new StageReport(NAME, c.label(), StageOutcome.FAILED, "SSH is not hardened: " + String.join("; ", failures),
                        changes, evidence, PerContainer.since(start));
            }
            evidence.add("root login refused; sshd -T: " + String.join(", ", EFFECTIVE_SSHD));
            if (!login.user().equals(settings.serviceUser())) {
                context.sessions().relogin(c);
                evidence.add("logged in again as " + context.sessions().into(c).user());
            }
        }
        if (settings.tool().isPresent() && context.configurator().isPresent()) {
            var runner = context.configurator().get();
            if (mode == Mode.APPLY) {
                InstallResult installed = Tasks.run(context.listener(), NAME, c.label(), runner.tool() + " installed",
                        () -> runner.ensureInstalled(context.sessions().into(c).shell(), settings.tool().get()));
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
                RemoteStep.file("sudo rule for " + user, "/etc/sudoers.d/pxci-" + user, sudoRule(user), "0440",
                        List.of("/usr/sbin/visudo", "-cf"), List.of()),
                RemoteStep.authorizedKey(user, key),
                RemoteStep.file("SSH hardened", SSHD_DROP_IN, SSHD_HARDENING, "0644", List.of("sh", "-c", SSHD_CHECK, "sh"),
                        // a restart, not a reload: systemd returns once the new server is up (Type=notify), while a
                        // reload only sends SIGHUP, and a login in that moment still meets the old settings
                        List.of("sh", "-c", "systemctl restart ssh || systemctl restart sshd")));
    }

    /**
     * Proof that the hardening holds for the next connection: a root login on a connection of its own
     * ({@link dev.pxci.ports.shell.ShellConnector#refusesNewLogin}: a shared one that authenticated
     * before would prove nothing) is refused, and the server's effective settings for a new
     * connection as root ({@code sshd -T -C}) say no to root and to passwords.
     */
    private static List<String> proveHardened(ContainerDeclaration c, Login login, StageContext context) {
        List<String> failures = new ArrayList<>();
        if (!context.sessions().refuses(c, "root")) {
            failures.add("a root login over SSH was accepted");
        }
        CommandResult effective = login.shell().execute(login.privileged(
                Command.of("/usr/sbin/sshd", "-T", "-C", "user=root,host=pxci,addr=127.0.0.1")));
        if (!effective.succeeded()) {
            failures.add("sshd -T exited " + effective.exitCode() + ": " + String.join(" / ", effective.tail(3)));
        }
        List<String> lines = effective.stdout().lines().map(String::strip).toList();
        EFFECTIVE_SSHD.stream().filter(s -> !lines.contains(s))
                .forEach(s -> failures.add("sshd -T does not say '" + s + "'"));
        return failures;
    }
}
