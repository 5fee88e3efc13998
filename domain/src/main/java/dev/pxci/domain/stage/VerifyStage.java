package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Share;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeInfo;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evidence, not assumptions: the service user can log in over SSH, Gitea answers its version
 * endpoint, the Gitea and runner services are active, every share is listed and readable with
 * {@code smbclient} from this machine (or, without a shell here, is in the container's Samba
 * configuration), and converging again updates nothing (the idempotence check; on {@code apply} a
 * real second converge, on {@code verify} a dry run; a converge of this very run that updated
 * nothing is that evidence already). Fails with everything it saw.
 */
public final class VerifyStage extends InContainer {
    public static final String NAME = "verify";
    /** The attribute naming the runner's service unit, and its default. */
    static final String RUNNER_SERVICE_ATTRIBUTE = "runner.service";
    static final String RUNNER_SERVICE_DEFAULT = "act_runner";
    static final String GITEA_SERVICE = "gitea";
    private static final Pattern SHARE_PASSWORD = Pattern.compile("share\\.users\\.([^.]+)\\.password");
    private static final Duration SMB_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    StageReport runOne(ContainerDeclaration c, Mode mode, StageContext context) {
        long start = System.nanoTime();
        if (mode == Mode.PLAN) {
            return new StageReport(NAME, c.label(), StageOutcome.UNCHANGED, "collects evidence on apply and verify",
                    List.of(), List.of(), PerContainer.since(start));
        }
        List<String> evidence = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        PipelineSettings settings = context.settings();
        check(failures, "SSH as " + settings.serviceUser(), () -> {
            try (Shell shell = context.sessions().asServiceUser(c)) {
                String who = shell.execute(Command.of("id", "-un")).stdout().strip();
                if (!who.equals(settings.serviceUser())) {
                    throw new IllegalStateException("logged in, but 'id -un' says " + who);
                }
                evidence.add("SSH as " + settings.serviceUser() + " works");
            }
        });
        context.forges().ifPresent(forges -> check(failures, "Gitea", () -> {
            try (Forge forge = forges.forContainer(c)) {
                ForgeInfo info = forge.info();
                evidence.add(info.product() + " " + info.version() + " answers /api/v1/version");
            }
        }));
        Login login = context.sessions().into(c);
        String runner = settings.attributes().getOrDefault(RUNNER_SERVICE_ATTRIBUTE, RUNNER_SERVICE_DEFAULT);
        for (String unit : List.of(GITEA_SERVICE, runner)) {
            check(failures, "service " + unit, () -> {
                CommandResult r = login.shell().execute(login.privileged(Command.of("systemctl", "is-active", unit)));
                if (!r.succeeded()) {
                    throw new IllegalStateException(r.stdout().isBlank() ? "exit " + r.exitCode() : r.stdout().strip());
                }
                evidence.add("service " + unit + " is active");
            });
        }
        if (!c.shares().isEmpty()) {
            check(failures, "shares", () -> evidence.addAll(context.host()
                    .map(host -> sharesFromHere(c, host, settings))
                    .orElseGet(() -> sharesInside(c, login))));
        }
        if (context.configurator().isPresent() && settings.bundles().isPresent()) {
            ConvergeMode again = mode == Mode.APPLY ? ConvergeMode.APPLY : ConvergeMode.DRY_RUN;
            for (ConvergeStage stage : List.of(ConvergeStage.configure(), ConvergeStage.share())) {
                Optional<ConvergeReport> earlier = context.converges().unchanged(c, stage.bundle());
                if (earlier.isPresent()) {
                    evidence.add("the " + stage.name() + " converge of this run updated 0 of " + earlier.get().total()
                            + " resources");
                    continue;
                }
                check(failures, "idempotence of " + stage.name(), () -> {
                    ConvergeReport r = stage.converge(c, context, again);
                    if (r.changed()) {
                        throw new IllegalStateException("a second converge updated " + r.updated() + " resources: "
                                + String.join(", ", r.updatedResources()));
                    }
                    evidence.add("a second " + stage.name() + " converge updated 0 of " + r.total() + " resources");
                });
            }
        }
        StageOutcome outcome = failures.isEmpty() ? StageOutcome.UNCHANGED : StageOutcome.FAILED;
        String summary = failures.isEmpty() ? "all evidence collected" : String.join("; ", failures);
        return new StageReport(NAME, c.label(), outcome, summary, List.of(), evidence, PerContainer.since(start));
    }

    /** Each share listed by the server and readable, with smbclient on this machine as a share user. */
    private static List<String> sharesFromHere(ContainerDeclaration c, Shell host, PipelineSettings settings) {
        String address = c.address().orElseThrow();
        Map.Entry<String, Secret> user = shareUser(settings);
        List<String> evidence = new ArrayList<>();
        CommandResult listing = smbclient(host, user, "-L", "//" + address, "-g");
        Set<String> listed = listing.stdout().lines().filter(l -> l.startsWith("Disk|"))
                .map(l -> l.split("\\|", 3)[1]).collect(Collectors.toSet());
        for (Share s : c.shares()) {
            if (!listed.contains(s.name())) {
                throw new IllegalStateException("share " + s.name() + " is not listed by //" + address + " (listed: "
                        + String.join(", ", new TreeSet<>(listed)) + ")");
            }
            smbclient(host, user, "//" + address + "/" + s.name(), "-c", "ls");
            evidence.add("share " + s.name() + " is listed and readable as " + user.getKey() + " with smbclient from here");
        }
        return evidence;
    }

    private static CommandResult smbclient(Shell host, Map.Entry<String, Secret> user, String... args) {
        List<String> argv = new ArrayList<>(List.of("smbclient"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-U", user.getKey(), "-m", "SMB3"));
        // smbclient reads the password from PASSWD, so it is never on a command line
        Command command = Command.of(argv).withSecretEnvironment("PASSWD", user.getValue()).withTimeout(SMB_TIMEOUT);
        CommandResult r = host.execute(command);
        if (!r.succeeded()) {
            throw new IllegalStateException("'" + command.display() + "' exited " + r.exitCode() + ": "
                    + String.join(" / ", r.tail(3)) + (r.exitCode() == 127 ? " (install Debian's smbclient here)" : ""));
        }
        return r;
    }

    /** The share user to read the shares as: the service user when it is one, else the first declared. */
    private static Map.Entry<String, Secret> shareUser(PipelineSettings settings) {
        Map<String, Secret> users = new TreeMap<>();
        settings.secretAttributes().forEach((k, v) -> {
            Matcher m = SHARE_PASSWORD.matcher(k);
            if (m.matches()) {
                users.put(m.group(1), v);
            }
        });
        if (users.isEmpty()) {
            throw new IllegalStateException("no share user's password is known to read the shares with"
                    + " (share.users.NAME.password)");
        }
        Secret own = users.get(settings.serviceUser());
        return own != null ? Map.entry(settings.serviceUser(), own) : users.entrySet().iterator().next();
    }

    /** Without a shell here: each share in the container's Samba configuration. */
    private static List<String> sharesInside(ContainerDeclaration c, Login login) {
        String served = login.shell().execute(login.privileged(Command.of("testparm", "-s"))).stdout();
        List<String> evidence = new ArrayList<>();
        for (Share s : c.shares()) {
            if (!served.contains("[" + s.name() + "]")) {
                throw new IllegalStateException("share " + s.name() + " is not in the Samba configuration");
            }
            evidence.add("share " + s.name() + " is served from " + s.path());
        }
        return evidence;
    }

    private static void check(List<String> failures, String what, Runnable probe) {
        try {
            probe.run();
        } catch (PxciException | IllegalStateException e) {
            failures.add(what + ": " + e.getMessage());
        }
    }
}
