package dev.pxci.adapter.cinc;

import dev.pxci.adapter.cinc.internal.ClientConfig;
import dev.pxci.adapter.cinc.internal.ConvergeOutput;
import dev.pxci.adapter.cinc.internal.CookbookBundle;
import dev.pxci.adapter.cinc.internal.ExitStatus;
import dev.pxci.adapter.cinc.internal.NodeAttributes;
import dev.pxci.adapter.cinc.internal.PackageInstaller;
import dev.pxci.adapter.cinc.internal.ReportFile;
import dev.pxci.adapter.cinc.internal.RunSummary;
import dev.pxci.adapter.cinc.internal.TargetProbe.InstalledClient;
import dev.pxci.adapter.cinc.internal.TargetProbe;
import dev.pxci.adapter.cinc.internal.TargetShell;
import dev.pxci.adapter.cinc.internal.Versions;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link ConfigurationRunner} for Cinc Client in local mode, working only through the {@link Shell}
 * it is given, so it runs the same over SSH and on this machine.
 *
 * <p>A converge stages the cookbooks, a {@code client.rb} and the attributes ({@code dna.json},
 * mode 0600, secrets included) into a private run directory, runs {@code cinc-client
 * --local-mode} there (with {@code --why-run} for a dry run), streams its output with secret values
 * replaced by {@code ***}, reads the counts from the report its handler wrote (the summary line is
 * the fallback), and removes the run directory, also when the run failed. Thread-safe; one
 * converge per target at a time.
 */
public final class CincRunner implements ConfigurationRunner {
    private static final String SYSTEM_PATH = "/opt/cinc/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int TAIL_LINES = 30;
    /**
     * As root: removes run directories older than any run can be (left by a crashed process, with
     * their secrets), then creates this run's private directory, owned by the login user so that
     * the files can be uploaded. The base directory is only traversable by others.
     */
    private static final String PREPARE_SCRIPT = """
            umask 077
            mkdir -p "$1" && chmod 0711 "$1" || exit 1
            find "$1" -mindepth 1 -maxdepth 1 -name 'run.*' -mmin +"$2" -exec rm -rf {} + || exit 1
            d=$(mktemp -d "$1/run.XXXXXXXX") && mkdir "$d/cookbooks" && chown -R "$3" "$d" && printf '%s\\n' "$d"
            """;
    /** As root: makes the staged files private, then becomes the client. */
    private static final String CLIENT_SCRIPT = """
            chmod 600 "$1/dna.json" "$1/client.rb" || exit 1
            shift
            exec "$@"
            """;

    private final CincSettings settings;

    public CincRunner(CincSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CincSettings settings() {
        return settings;
    }

    @Override
    public String tool() {
        return "cinc";
    }

    /**
     * Installs the required version unless it is there. When the requirement names no package and
     * asks for the configured version, the configured package URL and checksum (or file) are used.
     */
    @Override
    public InstallResult ensureInstalled(Shell shell, ToolRequirement requirement) {
        String wanted = CincSettings.checkVersion("the required cinc version", requirement.version().trim());
        TargetProbe probe = TargetProbe.of(shell, settings.clientPath());
        TargetShell target = new TargetShell(shell, needsSudo(probe), probe);
        Optional<InstalledClient> present = probe.client();
        if (present.isPresent() && Versions.satisfies(present.get().version(), wanted)) {
            return new InstallResult(Change.UNCHANGED, present.get().version());
        }
        String situation = present
                .map(c -> "cinc-client " + c.version() + " is installed in " + shell.describe() + " at " + c.path()
                        + ", but " + wanted + " is required")
                .orElse("cinc-client is not installed in " + shell.describe());
        PackageInstaller.install(target, withConfiguredSource(requirement, wanted), situation,
                settings.runDirectory(), settings.installTimeout());
        InstalledClient after = TargetProbe.of(shell, settings.clientPath()).client().orElseThrow(() ->
                new PxciException(ErrorCode.FAILED, "the Cinc package was installed in " + shell.describe()
                        + ", but no working cinc-client was found afterwards"
                        + settings.clientPath().map(p -> " at " + p).orElse(""),
                        "check that the package is a Cinc Client package" + settings.clientPath()
                                .map(p -> " and that " + CincSettings.CLIENT_PATH + " (" + p + ") is where it installs")
                                .orElse("")));
        if (!Versions.satisfies(after.version(), wanted)) {
            throw new PxciException(ErrorCode.FAILED, "the Cinc package was installed in " + shell.describe()
                    + ", but cinc-client reports version " + after.version() + " instead of " + wanted,
                    "make the package URL or file and the required version agree");
        }
        return new InstallResult(present.isPresent() ? Change.UPDATED : Change.CREATED, after.version());
    }

    private boolean needsSudo(TargetProbe probe) {
        return switch (settings.sudo()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> !probe.uid().equals("0");
        };
    }

    private ToolRequirement withConfiguredSource(ToolRequirement requirement, String wanted) {
        boolean hasSource = requirement.packageUrl().isPresent() || requirement.packageFile().isPresent();
        if (hasSource || !settings.version().equals(wanted)) {
            return requirement;
        }
        return settings.requirement();
    }

    @Override
    public ConvergeReport converge(ConvergeTarget target, ConvergeRequest request, OutputListener listener) {
        long started = System.nanoTime();
        CookbookBundle bundle = CookbookBundle.of(request.bundle(), request.runList());
        byte[] attributes = NodeAttributes.toJson(request.attributes(), request.secretAttributes());
        Redactor redactor = Redactor.lineByLine(request.secretAttributes().values());
        TargetProbe probe = TargetProbe.of(target.shell(), settings.clientPath());
        TargetShell shell = new TargetShell(target.shell(), needsSudo(probe), probe);
        InstalledClient client = probe.client().orElseThrow(() ->
                new PxciException(ErrorCode.UNSUPPORTED, "cinc-client is not installed in " + shell.describe()
                        + settings.clientPath().map(p -> " at " + p).orElse(""),
                        "install it first (the bootstrap stage does, with cinc.version and cinc.sha256)"));
        String runDir = shell.require(shell.rootScript(PREPARE_SCRIPT, settings.runDirectory(),
                        Long.toString(settings.convergeTimeout().toMinutes() + 1), shell.loginUid()),
                "preparing a run directory under " + settings.runDirectory(), ErrorCode.FAILED).stdout().strip();
        TargetShell.requireChild(runDir, settings.runDirectory(), "run.", shell.describe());
        ConvergeReport report;
        try {
            report = runIn(shell, runDir, client, bundle, attributes, request.mode(),
                    new ConvergeOutput(redactor, listener, TAIL_LINES), started);
        } catch (RuntimeException e) {
            try {
                removeRunDirectory(shell, runDir);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        removeRunDirectory(shell, runDir);
        return report;
    }

    private ConvergeReport runIn(TargetShell shell, String runDir, InstalledClient client, CookbookBundle bundle,
            byte[] attributes, ConvergeMode mode, ConvergeOutput output, long started) {
        Path local = privateTempDirectory();
        try {
            stage(shell, runDir, bundle, attributes, local);
            CommandResult result = shell.execute(clientCommand(shell, runDir, client, bundle, mode), output);
            Optional<ReportFile> report = readReport(shell, runDir, local);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return interpret(shell, result, report, output, elapsed);
        } finally {
            deleteTree(local);
        }
    }

    private void stage(TargetShell shell, String runDir, CookbookBundle bundle, byte[] attributes, Path local) {
        bundle.cookbooks().forEach((name, dir) ->
                shell.shell().upload(dir, runDir + "/" + ClientConfig.COOKBOOKS_DIR + "/" + name));
        Path config = writePrivate(local.resolve(ClientConfig.CONFIG_FILE),
                ClientConfig.render(runDir).getBytes(StandardCharsets.UTF_8));
        shell.shell().upload(config, runDir + "/" + ClientConfig.CONFIG_FILE);
        Path dna = writePrivate(local.resolve(ClientConfig.ATTRIBUTES_FILE), attributes);
        try {
            shell.shell().upload(dna, runDir + "/" + ClientConfig.ATTRIBUTES_FILE);
        } finally {
            deleteTree(dna);
        }
    }

    private Command clientCommand(TargetShell shell, String runDir, InstalledClient client, CookbookBundle bundle,
            ConvergeMode mode) {
        List<String> argv = new ArrayList<>(List.of(
                "sh", "-c", CLIENT_SCRIPT, "sh", runDir,
                "env", "HOME=" + runDir, "PATH=" + SYSTEM_PATH, "LANG=C.UTF-8",
                client.path(),
                "--local-mode",
                "--config", runDir + "/" + ClientConfig.CONFIG_FILE,
                "--json-attributes", runDir + "/" + ClientConfig.ATTRIBUTES_FILE,
                "--override-runlist", bundle.runListArgument(),
                "--chef-license", "accept-silent",
                "--force-formatter", "--no-color", "--format", "doc",
                "--log_level", "warn"));
        if (mode == ConvergeMode.DRY_RUN) {
            argv.add("--why-run");
        }
        return shell.asRoot(argv).inDirectory(runDir).withTimeout(settings.convergeTimeout());
    }

    /** The handler's report; none when the client ended before the handlers ran (or wrote none). */
    private static Optional<ReportFile> readReport(TargetShell shell, String runDir, Path local) {
        Path copy = local.resolve(ClientConfig.REPORT_FILE);
        try {
            shell.shell().download(runDir + "/" + ClientConfig.REPORT_FILE, copy);
        } catch (PxciException missing) {
            return Optional.empty();
        }
        return Optional.of(ReportFile.read(copy));
    }

    private ConvergeReport interpret(TargetShell shell, CommandResult result, Optional<ReportFile> report,
            ConvergeOutput output, Duration elapsed) {
        String where = " in " + shell.describe();
        String tail = String.join("\n", output.tail());
        if (result.signal().isPresent()) {
            boolean timedOut = elapsed.compareTo(settings.convergeTimeout()) >= 0;
            throw new PxciException(timedOut ? ErrorCode.TIMEOUT : ErrorCode.FAILED,
                    "cinc-client" + where + (timedOut ? " did not finish within " + settings.convergeTimeout() + " and" : "")
                            + " was killed by signal " + result.signal().get() + "; last output:\n" + tail,
                    timedOut ? "raise " + CincSettings.TIMEOUT.name() + " when the run is slow but progressing" : null);
        }
        int code = result.exitCode();
        ExitStatus status = ExitStatus.of(code);
        return switch (status) {
            case SUCCESS, REBOOT -> counts(report, output, status == ExitStatus.REBOOT, elapsed, where);
            case CONFIGURATION -> throw new PxciException(ErrorCode.INVALID_INPUT,
                    "cinc-client" + where + " rejected its configuration (exit 43); last output:\n" + tail,
                    "fix the attributes or cookbooks the output names; running again unchanged will fail again");
            case LICENCE_NOT_ACCEPTED, LICENCE_NOT_ENTITLED, LICENCE_NOT_SET -> throw new PxciException(
                    status == ExitStatus.LICENCE_NOT_SET ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
                    "cinc-client" + where + " refused to run for licence reasons (exit " + code + "); last output:\n" + tail,
                    "Cinc Client needs no licence: check that " + CincSettings.CLIENT_PATH
                            + " names cinc-client and not a licensed chef-client");
            case CLIENT_UPGRADED -> throw new PxciException(ErrorCode.TRANSIENT,
                    "cinc-client" + where + " upgraded itself during the run (exit 213) and must run again",
                    "run the converge again");
            case INTERRUPTED -> throw new PxciException(ErrorCode.FAILED,
                    "cinc-client" + where + " was interrupted (exit " + code + "); last output:\n" + tail);
            case FAILURE -> throw new PxciException(ErrorCode.FAILED,
                    "cinc-client" + where + " failed (exit " + code + ")" + updatedBeforeFailure(report, output)
                            + "; last output:\n" + tail);
        };
    }

    private static String updatedBeforeFailure(Optional<ReportFile> report, ConvergeOutput output) {
        Optional<Integer> updated = report.map(ReportFile::updated).or(() -> output.summary().map(RunSummary::updated));
        return updated.map(n -> " after updating " + n + " resource" + (n == 1 ? "" : "s")).orElse("");
    }

    private static ConvergeReport counts(Optional<ReportFile> report, ConvergeOutput output, boolean reboot,
            Duration elapsed, String where) {
        if (report.isPresent()) {
            ReportFile r = report.get();
            return new ConvergeReport(r.updated(), Math.max(r.total(), r.updated()), r.updatedResources(), reboot, elapsed);
        }
        RunSummary summary = output.summary().orElseThrow(() -> new PxciException(ErrorCode.FAILED,
                "cinc-client" + where + " ended successfully but wrote no report and printed no summary line,"
                        + " so what it changed is unknown",
                "check that " + CincSettings.CLIENT_PATH + " names a Cinc or Chef client"));
        return new ConvergeReport(summary.updated(), summary.total().orElse(summary.updated()), List.of(), reboot, elapsed);
    }

    private static void removeRunDirectory(TargetShell shell, String runDir) {
        CommandResult removed = shell.execute(shell.rootScript("rm -rf \"$1\"", runDir), OutputListener.NONE);
        if (!removed.succeeded()) {
            throw new PxciException(ErrorCode.FAILED, "could not remove the run directory " + runDir + " in "
                    + shell.describe() + ", which holds the run's attributes: " + String.join(" | ", removed.tail(5)),
                    "remove it by hand: rm -rf " + runDir);
        }
    }

    private static Path privateTempDirectory() {
        try {
            return Files.createTempDirectory("pxci-cinc-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot create a private temporary directory: " + e.getMessage());
        }
    }

    private static Path writePrivate(Path file, byte[] content) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot remove the temporary " + root + ": " + e.getMessage());
        }
    }
}
