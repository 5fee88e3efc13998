package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.domain.fakes.InMemoryPlatform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private InMemoryPlatform platform;

    @BeforeEach
    void freshPlatform() throws IOException {
        platform = new InMemoryPlatform();
        MemoryPlatformFactory.PLATFORM.set(platform);
        Files.writeString(dir.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nMOUNT=share:4\n");
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false, dir, new ByteArrayInputStream(new byte[0]));
        return Cli.run(args, console);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    /** A run whose standard input is a terminal where a person types {@code answer}, while the output goes into a pipe. */
    private int runAnswering(String answer, String... args) {
        out.reset();
        err.reset();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, dir,
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), true);
        return Cli.run(args, console);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void adaptersListsWhatTheServiceLoaderFound() {
        assertThat(run("adapters")).isZero();

        assertThat(stdout()).contains("memory", "ContainerPlatform", "memory.secret", "secret", "PXCI_MEMORY_SECRET");
    }

    @Test
    void aTypoInTheConfigPrintsFileLineAndSuggestionAndExitsTwo() throws IOException {
        Files.writeString(dir.resolve("typo.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nMEMROY=1024\n");

        int code = run("plan", "--platform", "memory", "--config", "typo.env");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("typo.env:4: unknown key MEMROY", "did you mean MEMORY?").doesNotContain("at dev.pxci");
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void applyCreatesThenASecondApplyChangesNothing() {
        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isZero();
        assertThat(stdout()).contains("> provision 254 git", "create CT 254", "created and started", "apply succeeded: 1 changed");
        platform.mutations.clear();

        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isZero();

        assertThat(stdout()).contains("0 changed, 1 unchanged");
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void planWithDetailedExitCodeSaysWhetherThereAreChanges() {
        assertThat(run("plan", "--platform", "memory", "--detailed-exitcode")).isEqualTo(ExitCode.CHANGES);
        assertThat(platform.mutations).isEmpty();
        run("apply", "--platform", "memory", "--stage", "provision");

        assertThat(run("plan", "--platform", "memory", "--detailed-exitcode")).isEqualTo(ExitCode.OK);
    }

    @Test
    void jsonOutputIsOneEventPerLineWithTheRunReportLast() throws IOException {
        assertThat(run("apply", "--platform", "memory", "--stage", "provision", "--output", "json")).isZero();

        List<JsonNode> events = new ArrayList<>();
        for (String line : stdout().split("\n")) {
            events.add(new ObjectMapper().readTree(line));
        }
        assertThat(events).extracting(e -> e.get("event").asText())
                .startsWith("stage_started", "task_started").endsWith("stage_finished", "run_finished");
        JsonNode report = events.get(events.size() - 1).get("report");
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        assertThat(report.get("stages").get(0).get("outcome").asText()).isEqualTo("changed");
    }

    @Test
    void aFailedStageExitsOneAndTheNextRunPicksUp() {
        platform.failCreateOf.add(254);
        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isEqualTo(ExitCode.FAILURE);
        assertThat(stdout()).contains("provision failed for 254 git", "disk full");

        platform.failCreateOf.clear();
        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isZero();
        assertThat(platform.containers).containsKey(254);
    }

    @Test
    void aSecretThatIsAPrefixOfAnotherLeavesNoPartOfTheLongerInTextOrJsonOutput() throws IOException {
        Path secrets = dir.resolve("config.json");
        Files.writeString(secrets, "{\"memory\": {\"secret\": \"disk\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        platform.failCreateOf.add(254);
        Map<String, String> env = Map.of("PXCI_MEMORY_SECRET", "disk full");

        assertThat(run(env, "apply", "--platform", "memory", "--stage", "provision", "--secrets", "config.json"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(stdout()).contains("provision failed for 254 git", "failed: ***").doesNotContain("disk", "full");

        run(env, "apply", "--platform", "memory", "--stage", "provision", "--secrets", "config.json", "--output", "json");
        assertThat(stdout()).contains("failed: ***").doesNotContain("disk", "full");
    }

    @Test
    void destroyKeepsSharesAndIsUnchangedTheSecondTime() {
        run("apply", "--platform", "memory", "--stage", "provision");

        assertThat(run("destroy", "--platform", "memory", "--yes")).isZero();
        assertThat(stdout()).contains("share volumes kept");
        assertThat(platform.mutations).contains("destroy 254 keep");
        assertThat(run("destroy", "--platform", "memory", "--yes")).isZero();
        assertThat(stdout()).contains("already gone");
    }

    @Test
    void destroyWithoutAPersonToAskAndWithoutYesIsRefusedAndDestroysNothing() {
        run("apply", "--platform", "memory", "--stage", "provision");

        assertThat(run("destroy", "--platform", "memory")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("standard input is not a terminal", "--yes");
        assertThat(platform.mutations).noneMatch(m -> m.startsWith("destroy"));
        assertThat(platform.containers).containsKey(254);
    }

    @Test
    void destroyAsksWhenTheInputIsATerminalEvenWhenTheOutputGoesIntoAPipe() {
        run("apply", "--platform", "memory", "--stage", "provision");

        assertThat(runAnswering("n\n", "destroy", "--platform", "memory")).isZero();
        assertThat(stderr()).contains("Destroy 254 git? [y/N]");
        assertThat(platform.mutations).noneMatch(m -> m.startsWith("destroy"));

        assertThat(runAnswering("y\n", "destroy", "--platform", "memory")).isZero();
        assertThat(platform.mutations).contains("destroy 254 keep");
        assertThat(platform.containers).doesNotContainKey(254);
    }

    @Test
    void aSecretsFileReadableByOthersIsRefusedWithTheChmodToRun() throws IOException {
        Path secrets = dir.resolve("config.json");
        Files.writeString(secrets, "{\"memory\": {\"secret\": \"s3cr3t-value\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(run("plan", "--platform", "memory", "--secrets", "config.json")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("readable or writable by group or others", "chmod 600");
        assertThat(stderr()).doesNotContain("s3cr3t-value");
    }

    @Test
    void secretsComeFromTheFileOrTheEnvironmentAndAnUnknownKeyNamesItsLine() throws IOException {
        Path secrets = dir.resolve("config.json");
        Files.writeString(secrets, "{\n  \"memory\": {\n    \"secret\": \"from-file\"\n  }\n}\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));

        assertThat(run("plan", "--platform", "memory", "--secrets", "config.json")).isZero();
        assertThat(MemoryPlatformFactory.LAST_CONFIG.get().requireSecret("memory.secret").reveal()).isEqualTo("from-file");
        assertThat(MemoryPlatformFactory.LAST_CONFIG.get().require("memory.host")).isEqualTo("localhost");

        assertThat(run(Map.of("PXCI_MEMORY_SECRET", "from-env"), "plan", "--platform", "memory", "--secrets", "config.json")).isZero();
        assertThat(MemoryPlatformFactory.LAST_CONFIG.get().requireSecret("memory.secret").reveal()).isEqualTo("from-env");

        Files.writeString(secrets, "{\n  \"memory\": {\n    \"secrte\": \"x\"\n  }\n}\n");
        assertThat(run("plan", "--platform", "memory", "--secrets", "config.json")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("config.json:3: unknown key memory.secrte", "did you mean memory.secret?");
    }

    @Test
    void anUnknownAdapterOrStageIsAUsageErrorListingWhatExists() {
        assertThat(run("apply", "--platform", "proxmux")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("no ContainerPlatform adapter named 'proxmux'", "available: [ansible, memory, proxmox]");

        assertThat(run("apply", "--platform", "memory", "--stage", "provison")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("unknown stage 'provison'", "stages: provision");
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void aSettingGivenTwiceInTheSecretsFileIsRefusedNamingBothLines() throws IOException {
        Path secrets = dir.resolve("config.json");
        Files.writeString(secrets, "{\n  \"password\": \"a\",\n  \"gitea\": {\n    \"password\": \"b\"\n  }\n}\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));

        assertThat(run("plan", "--platform", "memory", "--secrets", "config.json")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("config.json:4: duplicate key gitea.password (first on line 2)");
    }

    @Test
    void aMalformedCommandLineIsOneErrorLineAndWhereToLookNotTheWholeUsage() {
        assertThat(run("plan", "--parallelism", "many")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).startsWith("pxci: error: Invalid value for option '--parallelism': 'many' is not an int")
                .contains("see: pxci plan --help").doesNotContain("Usage:");

        assertThat(run("plan", "--platform", "memory", "--parallelism", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(stderr()).contains("pxci: error: --parallelism must be at least 1, was 0").doesNotContain("--stacktrace");
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    void theLockFollowsTheContainersNotThePathThatNamesTheDeployment() throws IOException {
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(other.resolve("git.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nMOUNT=share:4\n");
        try (DeploymentLock held = DeploymentLock.acquire("memory", new java.util.TreeSet<>(java.util.Set.of(254)),
                java.time.Duration.ZERO)) {
            assertThat(run("destroy", "--platform", "memory", "--config", "elsewhere", "--yes")).isEqualTo(ExitCode.FAILURE);
            assertThat(stderr()).contains("is working on CT 254 of memory");
        }
        Files.writeString(other.resolve("web.env"), "ID=300\nHOSTNAME=web\nIP=10.0.0.30\n");
        Files.delete(other.resolve("git.env"));
        try (DeploymentLock held = DeploymentLock.acquire("memory", new java.util.TreeSet<>(java.util.Set.of(254)),
                java.time.Duration.ZERO)) {
            assertThat(run("apply", "--platform", "memory", "--config", "elsewhere", "--stage", "provision")).isZero();
        }
    }

    @Test
    void statusShowsPowerAndDrift() throws IOException {
        run("apply", "--platform", "memory", "--stage", "provision");
        Files.writeString(dir.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nMOUNT=share:4\nCORES=2\n");

        assertThat(run("status", "--platform", "memory")).isZero();

        assertThat(stdout()).contains("254", "git", "running", "cores: 1 -> 2");
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    void aSecondApplyOnTheSameDeploymentRefusesWhileTheFirstHoldsTheLock() {
        try (DeploymentLock held = DeploymentLock.acquire("memory", new java.util.TreeSet<>(java.util.Set.of(254)),
                java.time.Duration.ZERO)) {
            assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isEqualTo(ExitCode.FAILURE);
            assertThat(stderr()).contains("another pxci run (process " + ProcessHandle.current().pid()
                    + ") is working on CT 254 of memory", "--lock-wait");
            assertThat(platform.mutations).isEmpty();
            assertThat(run("plan", "--platform", "memory")).isZero();
        }
        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isZero();
    }
}
