package dev.pxci.acceptance;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the suite: preflight, the range guard, what it will do, then (told to go ahead) the
 * leftovers of earlier runs removed, the lifecycle, and everything it made removed again, also
 * when a check fails or the process is interrupted (a shutdown hook); the report last.
 *
 * <p>Exit codes: 0 every check passed (or only shown, not told to go ahead), 1 a check failed,
 * 2 refused before anything changed (unreachable API, bad credentials, a foreign guest in the
 * range), 3 passed but some checks could not run here (the report says why).
 */
final class Suite {

    static final String REPORT_FILE = "acceptance-report.md";

    private final Settings settings;
    private final PrintStream out;

    Suite(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run() {
        Path work = workDirectory();
        Report report = new Report(settings);
        PveApi api = new PveApi(settings);
        Preflight.Result preflight;
        long started = System.nanoTime();
        try {
            preflight = new Preflight(api, settings).run();
        } catch (PveApi.Failure e) {
            report.add(new Report.Check("preflight", Report.Outcome.FAILED, since(started),
                    "cannot read " + settings.url() + " with token " + settings.tokenId() + ": " + e.getMessage()));
            return finish(report, work, 2);
        }
        report.add(new Report.Check("preflight", Report.Outcome.PASSED, since(started), "read the version, the node, "
                + "its storages, bridges and templates, and the token's permissions"));
        report.version("Proxmox VE", preflight.pveVersion());
        report.preflight(preflight);
        CliRunner cli = new CliRunner(settings, cliJar(), work);
        report.version("pxci", cli.run(Duration.ofMinutes(2), "--version").stdout().strip().split("\n")[0]);
        settings.giteaUrl().ifPresent(url -> report.version("Gitea", GiteaVersion.read(url)
                .orElse("no answer from " + url + "/api/v1/version")));
        out.println("preflight against " + settings.url() + " (Proxmox VE " + preflight.pveVersion() + "), token "
                + settings.tokenId() + ":");
        preflight.verdicts().values().forEach(v -> out.println("  " + (v.works() ? "works    " : "will not ")
                + v.feature().description() + (v.works() ? "" : ": " + v.why())));
        preflight.notes().forEach(n -> out.println("  note: " + n));

        RangeGuard guard = new RangeGuard(api, settings.ids());
        started = System.nanoTime();
        RangeGuard.Scan scan = guard.scan();
        if (!scan.foreign().isEmpty()) {
            String names = String.join("; ", scan.foreign().stream().map(RangeGuard.Guest::describe).toList());
            out.println("refusing to start: ids of " + settings.ids() + " hold guests the suite did not make: " + names
                    + ". Nothing was changed; give " + Variable.IDS.variableName() + " a range of free ids.");
            report.add(new Report.Check("the range is the suite's", Report.Outcome.FAILED, since(started),
                    "foreign guests: " + names));
            return finish(report, work, 2);
        }
        report.add(new Report.Check("the range is the suite's", Report.Outcome.PASSED, since(started),
                settings.ids().size() + " ids, " + scan.ours().size() + " left by an earlier run"));

        out.println("the suite will, on " + settings.ids() + " only:");
        scan.ours().forEach(g -> out.println("  - remove the leftover " + g.describe()));
        Lifecycle.plan(settings, preflight).forEach(line -> out.println("  - " + line));
        if (!settings.go()) {
            out.println("nothing was changed: set " + Variable.GO.variableName() + "=yes to go ahead");
            return finish(report, work, 0);
        }

        long since = Instant.now().getEpochSecond() - 1;
        Cleanup cleanup = new Cleanup(api, guard, settings);
        AtomicBoolean cleaned = new AtomicBoolean();
        // whoever comes second (the main thread or the shutdown hook) waits until the first has cleaned up
        Runnable cleanUp = () -> {
            synchronized (cleaned) {
                if (cleaned.compareAndSet(false, true)) {
                    long t = System.nanoTime();
                    report.cleaned(cleanup.run(preflight.backupStorage(), since));
                    boolean left = !guard.scan().ours().isEmpty();
                    report.add(new Report.Check("nothing of the suite is left", left ? Report.Outcome.FAILED
                            : Report.Outcome.PASSED, since(t), left ? "guests of the suite remain: see Cleanup" : ""));
                }
            }
        };
        Thread hook = new Thread(() -> {
            cli.stop();
            report.add(new Report.Check("not interrupted", Report.Outcome.FAILED, Duration.ZERO,
                    "the suite was interrupted; it cleaned up before exiting"));
            cleanUp.run();
            finish(report, work, 1);
        }, "pxci-acceptance-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!scan.ours().isEmpty()) {
                long t = System.nanoTime();
                List<String> removed = cleanup.run(preflight.backupStorage(), since);
                report.cleaned(removed);
                boolean left = !guard.scan().ours().isEmpty();
                report.add(new Report.Check("leftovers of an earlier run removed", left ? Report.Outcome.FAILED
                        : Report.Outcome.PASSED, since(t), String.join("; ", removed)));
            }
            Declaration[] current = new Declaration[1];
            Lifecycle lifecycle = new Lifecycle(settings, api, cli, new LibraryCheck(settings, () -> current[0]),
                    preflight, report, work, declaration -> current[0] = declaration);
            lifecycle.run();
        } finally {
            cleanUp.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and writes the report itself
            }
        }
        return finish(report, work, report.failed() ? 1 : report.skippedAny() ? 3 : 0);
    }

    private int finish(Report report, Path work, int exitCode) {
        String text = report.markdown();
        try {
            Files.writeString(work.resolve(REPORT_FILE), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.print(text);
        out.println("\nthe report is in " + work.resolve(REPORT_FILE) + " (paste it into an issue: it holds no secret)");
        out.flush();
        return exitCode;
    }

    private Path workDirectory() {
        try {
            Path work = settings.work().orElse(Files.createTempDirectory("pxci-acceptance-"));
            Files.createDirectories(work);
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the work directory", e);
        }
    }

    /** {@code PXCI_ACCEPTANCE_CLI}, else the checkout's {@code app-cli/target/pxci.jar} beside this module. */
    private Path cliJar() {
        if (settings.cli().isPresent()) {
            return settings.cli().get();
        }
        Path here;
        try {
            here = Path.of(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("app-cli/target/pxci.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("no pxci.jar found above " + here + ": build it (mvn -B -q -pl app-cli -am package"
                + " -DskipTests) or set " + Variable.CLI.variableName());
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
