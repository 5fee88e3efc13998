package dev.pxci.it.cinc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code cinc} configurator must do over any shell, run against the stand-in client
 * ({@link StandInClient}). Each transport runs the same tests in a subclass.
 */
abstract class CincRunnerContract {
    static final String SECRET = "Pa55-w0rd-never-shown";
    static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();

    @TempDir
    static Path tools;
    static Path client;
    static TestTransport transport;

    @TempDir
    Path work;
    Path bundle;
    Path runBase;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final OutputListener listener = (channel, line) -> lines.add(line);

    Shell shell() {
        return transport.shell();
    }

    ShellTarget address() {
        return transport.target();
    }

    @BeforeAll
    static void installStandIn() throws IOException {
        client = StandInClient.install(tools);
    }

    @BeforeEach
    void writeBundle() throws IOException {
        bundle = Files.createDirectories(work.resolve("bundle"));
        Path recipes = Files.createDirectories(bundle.resolve("app/recipes"));
        Files.writeString(bundle.resolve("app/metadata.rb"), "name 'app'\nversion '0.1.0'\n");
        Files.writeString(recipes.resolve("default.rb"), "log 'hello'\n");
        runBase = work.resolve("runs");
    }

    ConfigurationRunner runner() {
        return runner(Map.of());
    }

    ConfigurationRunner runner(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "cinc.client-path", client.toString(),
                "cinc.run-dir", runBase.toString()));
        values.putAll(extra);
        return Adapters.configurator("cinc", new AdapterConfig(values, Map.of()));
    }

    ConvergeReport converge(ConvergeMode mode, Map<String, String> standin) {
        return converge(mode, standin, Map.of());
    }

    ConvergeReport converge(ConvergeMode mode, Map<String, String> standin, Map<String, Secret> secrets) {
        Map<String, String> attributes = new HashMap<>();
        standin.forEach((k, v) -> attributes.put("standin." + k, v));
        attributes.put("app.greeting", "hello");
        return runner().converge(new ConvergeTarget(shell(), address()),
                new ConvergeRequest(bundle, List.of("recipe[app]"), attributes, secrets, mode), listener);
    }

    private PxciException failure(Map<String, String> standin) {
        try {
            converge(ConvergeMode.APPLY, standin, Map.of("app.password", Secret.of(SECRET)));
        } catch (PxciException e) {
            return e;
        }
        throw new AssertionError("the converge did not fail");
    }

    private List<Path> leftInRunBase() throws IOException {
        if (!Files.exists(runBase)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(runBase)) {
            return all.filter(p -> !p.equals(runBase)).toList();
        }
    }

    @Test
    void convergeReadsTheCountsFromTheReportHandler() throws IOException {
        Path touched = work.resolve("converged");

        ConvergeReport report = converge(ConvergeMode.APPLY,
                Map.of("updated", "2", "total", "5", "touch", touched.toString()));

        assertThat(report.updated()).isEqualTo(2);
        assertThat(report.total()).isEqualTo(5);
        assertThat(report.updatedResources()).containsExactly("standin_resource[item1]", "standin_resource[item2]");
        assertThat(report.rebootRequired()).isFalse();
        assertThat(touched).exists();
        assertThat(lines).contains("Infra Phase complete, 2/5 resources updated in 01 seconds");
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void whyRunChangesNothingAndReportsWhatWouldChange() throws IOException {
        Path touched = work.resolve("converged");

        ConvergeReport report = converge(ConvergeMode.DRY_RUN,
                Map.of("updated", "3", "total", "4", "touch", touched.toString()));

        assertThat(touched).doesNotExist();
        assertThat(report.updated()).isEqualTo(3);
        assertThat(report.total()).isEqualTo(4);
        assertThat(lines).contains("Infra Phase complete, 3/4 resources would have been updated");
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void theCurrentSummaryLineIsTheFallbackWhenNoReportWasWritten() {
        ConvergeReport report = converge(ConvergeMode.APPLY,
                Map.of("report", "false", "summary", "current", "updated", "3", "total", "7"));

        assertThat(report.updated()).isEqualTo(3);
        assertThat(report.total()).isEqualTo(7);
        assertThat(report.updatedResources()).isEmpty();
    }

    @Test
    void theOlderFinishedLineIsTheFallbackTooAlsoInWhyRun() {
        ConvergeReport apply = converge(ConvergeMode.APPLY,
                Map.of("report", "false", "summary", "legacy", "updated", "4", "total", "9"));
        ConvergeReport whyRun = converge(ConvergeMode.DRY_RUN,
                Map.of("report", "false", "summary", "legacy", "updated", "1", "total", "6"));

        assertThat(List.of(apply.updated(), apply.total(), whyRun.updated(), whyRun.total())).containsExactly(4, 9, 1, 6);
        assertThat(lines).contains("Cinc Client finished, 4/9 resources updated in 01 seconds",
                "Cinc Client finished, 1/6 resources would have been updated");
    }

    @Test
    void aSuccessfulExitWithoutReportOrSummaryIsNotTakenForAResult() {
        assertThatThrownBy(() -> converge(ConvergeMode.APPLY, Map.of("report", "false", "summary", "none")))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("wrote no report and printed no summary line");
    }

    @Test
    void rebootCodesAreReportedAsRebootRequiredNotAsFailures() throws IOException {
        for (String code : List.of("35", "37")) {
            ConvergeReport report = converge(ConvergeMode.APPLY, Map.of("exit_code", code, "updated", "1"));

            assertThat(report.rebootRequired()).as("exit " + code).isTrue();
            assertThat(report.updated()).isEqualTo(1);
        }
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void licenceCodesFailAndAreNotRetryable() {
        Map<String, ErrorCode> expected = Map.of("172", ErrorCode.FORBIDDEN, "173", ErrorCode.FORBIDDEN,
                "174", ErrorCode.UNAUTHORIZED);
        expected.forEach((code, errorCode) -> {
            PxciException e = failure(Map.of("exit_code", code));

            assertThat(e.code()).as("exit " + code).isEqualTo(errorCode);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("licence", "exit " + code);
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("cinc.client-path"));
        });
    }

    @Test
    void exit43IsAnInvalidConfigurationWithTheClientsWords() {
        PxciException e = failure(Map.of("exit_code", "43"));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).contains("exit 43", "ConfigurationError");
    }

    @Test
    void anyOtherCodeFailsWithTheLastLinesRedacted() throws IOException {
        PxciException e = failure(Map.of("exit_code", "1", "updated", "2", "echo", "app.password"));

        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(e.getMessage())
                .contains("exit 1", "after updating 2 resources", "stand-in told to fail with 1", "app.password is ***")
                .doesNotContain(SECRET);
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void noSecretReachesTheOutputOrStaysOnDiskAfterTheRun() throws IOException {
        List<Path> localTempBefore = localTempDirectories();

        converge(ConvergeMode.APPLY, Map.of("echo", "app.password"), Map.of("app.password", Secret.of(SECRET)));

        assertThat(lines).contains("    - app.password is ***");
        assertThat(lines).noneMatch(l -> l.contains(SECRET));
        assertThat(leftInRunBase()).isEmpty();
        assertThat(filesContaining(work, SECRET)).isEmpty();
        assertThat(localTempDirectories()).isEqualTo(localTempBefore);
    }

    @Test
    void theAttributesAreStagedPrivatelyInAPrivateRunDirectory() throws IOException {
        Path seen = work.resolve("seen");

        converge(ConvergeMode.APPLY, Map.of("inspect", seen.toString()), Map.of("app.password", Secret.of(SECRET)));

        assertThat(Files.readString(seen)).startsWith("dna.json=600 client.rb=600 run_dir=700 cwd=" + runBase + "/run.");
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void runDirectoriesLeftByCrashedRunsAreRemoved() throws IOException {
        Path stale = Files.createDirectories(runBase.resolve("run.crashed1"));
        Files.writeString(stale.resolve("dna.json"), "{\"password\":\"" + SECRET + "\"}");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));

        converge(ConvergeMode.APPLY, Map.of());

        assertThat(stale).doesNotExist();
        assertThat(leftInRunBase()).isEmpty();
    }

    @Test
    void theProjectsCookbooksAreStagedWithoutTheirNonCookbookSiblings() {
        ConvergeReport report = runner().converge(new ConvergeTarget(shell(), address()),
                new ConvergeRequest(INFRA, List.of("recipe[share]", "recipe[config]"), Map.of("standin.updated", "0"),
                        Map.of(), ConvergeMode.DRY_RUN), listener);

        assertThat(report.updated()).isZero();
        assertThat(lines).contains("  - share (0.1.0)", "  - config (0.1.0)");
    }

    @Test
    void convergeWithoutAClientIsUnsupported() {
        ConfigurationRunner runner = runner(Map.of("cinc.client-path", work.resolve("none/cinc-client").toString()));

        assertThatThrownBy(() -> runner.converge(new ConvergeTarget(shell(), address()),
                new ConvergeRequest(bundle, List.of("app"), Map.of(), Map.of(), ConvergeMode.APPLY), listener))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("not installed")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    private static List<Path> localTempDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("pxci-cinc-")).sorted().toList();
        }
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
