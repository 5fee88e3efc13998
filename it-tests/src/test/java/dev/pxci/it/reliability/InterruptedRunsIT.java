package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.pve.PveFaults;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the real CLI that do not end as planned: killed with SIGKILL in the middle of a cold
 * apply, and started twice at once on one deployment. The CLI runs as a child process against a
 * Proxmox VE simulator (slow create tasks) and a Gitea simulator started here.
 */
class InterruptedRunsIT {
    private static final int COUNT = 10;
    private static final int FIRST_ID = 201;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    private PveSimulator pve;
    private GiteaSimulator gitea;
    private ContainerPlatform platform;
    private Path project;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        pve = PveSimulator.builder().taskDurations(Pve.FAST.create(Duration.ofMillis(1500))).start();
        gitea = GiteaSimulator.builder().start();
        platform = Pve.platform(pve, Map.of());
        project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("README.md"), "a deployment of ten containers\n");
        Path deployment = Files.createDirectories(project.resolve("deployment"));
        Files.writeString(deployment.resolve("defaults.env"), "MOUNT=share:2\nDISK=local-lvm:4\nMEMORY=256\nSWAP=0\n");
        for (int i = 0; i < COUNT; i++) {
            Files.writeString(deployment.resolve(String.format("ct%02d.env", i)), "ID=" + (FIRST_ID + i)
                    + "\nHOSTNAME=node" + i + "\nIP=10.20.0." + (10 + i) + "/24\n");
        }
        env = new HashMap<>(PxciProcess.proxmoxEnvironment(pve));
        env.put("PXCI_GITEA_URL", gitea.baseUrl());
        env.put("PXCI_GITEA_TOKEN", gitea.adminToken());
    }

    @AfterEach
    void stop() {
        platform.close();
        gitea.close();
        pve.close();
    }

    private PxciProcess startCli(String... args) {
        return PxciProcess.start(project, env, dir.resolve("tmp"), dir.resolve("logs"), args);
    }

    private PxciProcess.Result runCli(String... args) {
        return startCli(args).await(RUN_TIMEOUT);
    }

    private Set<Integer> declaredIds() {
        return IntStream.range(FIRST_ID, FIRST_ID + COUNT).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every container the simulated cluster holds, by id (not only the declared ones). */
    private Map<Integer, ObservedContainer> everyContainer() {
        return platform.observe(IntStream.rangeClosed(100, 1000).boxed().collect(Collectors.toSet()));
    }

    /** Volume ids on local-lvm, from the storage's content listing. */
    private List<String> volumes() throws IOException {
        JsonNode content = new ObjectMapper().readTree(Pve.call(pve, "GET", "/nodes/pve/storage/local-lvm/content", Map.of()));
        List<String> volids = new ArrayList<>();
        content.get("data").forEach(v -> volids.add(v.get("volid").asText()));
        return volids;
    }

    @Test
    void aColdApplyKilledMidRunIsCompletedByTheNextRunWithoutDuplicatesOrLostMounts() throws IOException {
        int slow = FIRST_ID + 5;
        // long enough that the second run meets it still running however slowly its JVM starts on a loaded machine
        pve.faults().slowTask(new PveFaults.SlowTask("vzcreate", slow, 15_000, 1));
        PxciProcess first = startCli("apply", "--config", "deployment", "--parallelism", "4");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Integer, ObservedContainer> seen;
        do {
            seen = everyContainer();
            assertThat(first.isAlive()).as("the first run is still going:\n%s", first.stdoutSoFar()).isTrue();
            assertThat(System.nanoTime()).as("containers appear in the cluster").isLessThan(deadline);
        } while (seen.size() < COUNT / 2 || !seen.containsKey(slow));

        first.kill();

        Map<Integer, ObservedContainer> atKill = everyContainer();
        assertThat(atKill.size()).as("killed in the middle: some containers exist, not all").isBetween(COUNT / 2, COUNT - 1);

        PxciProcess.Result second = runCli("apply", "--config", "deployment", "--parallelism", "4");

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(atKill.get(slow).lock()).as("CT %d was being created when the run was killed", slow).contains("create");
        assertThat(second.stdout()).as("the create the killed run left running is waited for, not repeated")
                .contains("done wait for the 'create' lock on CT " + slow + " to clear")
                .doesNotContain("create CT " + slow);
        Map<Integer, ObservedContainer> after = everyContainer();
        assertThat(after.keySet()).as("exactly the declared containers, none twice").isEqualTo(declaredIds());
        assertThat(after.values()).allSatisfy(c -> {
            assertThat(c.power()).isEqualTo(PowerState.RUNNING);
            assertThat(c.lock()).isEmpty();
            assertThat(c.config().mounts()).hasSize(1);
            assertThat(c.config().mounts().get(0).path()).isEqualTo("/share");
            assertThat(c.config().mounts().get(0).sizeGiB()).isEqualTo(2);
        });
        assertThat(after.values()).extracting(c -> c.config().hostname())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, COUNT).mapToObj(i -> "node" + i).toList());
        assertThat(volumes()).as("one root disk and one share volume per container, nothing orphaned").hasSize(2 * COUNT);

        PxciProcess.Result plan = runCli("plan", "--config", "deployment", "--detailed-exitcode");
        assertThat(plan.exitCode()).as("a third look finds nothing to change:\n%s", plan.all()).isZero();
    }

    @Test
    void twoAppliesAtOnceOnOneDeploymentDoNotOverlapTheSecondRefusesNamingTheFirst() {
        // one slow create keeps the first run going however slowly the second one starts
        pve.faults().slowTask(new PveFaults.SlowTask("vzcreate", FIRST_ID, 8_000, 1));
        PxciProcess first = startCli("apply", "--config", "deployment");
        awaitLockHeldBy(first);

        PxciProcess.Result second = runCli("apply", "--config", "deployment");
        boolean firstStillRunning = first.isAlive();
        PxciProcess.Result firstResult = first.await(RUN_TIMEOUT);

        assertThat(firstStillRunning).as("the first run was still going when the second was refused").isTrue();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr()).contains("pxci: error: another pxci run (process " + first.pid() + ") is working on",
                "--lock-wait").doesNotContain("Exception", "\tat ");
        assertThat(second.stdout()).as("the refused run did not start a single stage").doesNotContain("> provision");
        assertThat(firstResult.exitCode()).as(firstResult.all()).isZero();
        assertThat(everyContainer().keySet()).isEqualTo(declaredIds());
    }

    @Test
    void twoAppliesAtOnceWithLockWaitRunOneAfterTheOtherAndTheSecondChangesNothing() {
        PxciProcess first = startCli("apply", "--config", "deployment");
        awaitLockHeldBy(first);

        PxciProcess.Result second = runCli("apply", "--config", "deployment", "--lock-wait", "2m");
        PxciProcess.Result firstResult = first.await(RUN_TIMEOUT);

        assertThat(firstResult.exitCode()).as(firstResult.all()).isZero();
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.stdout()).contains("apply succeeded: 0 changed").doesNotContain("create CT");
        assertThat(everyContainer().keySet()).isEqualTo(declaredIds());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"INT", "TERM"})
    void aSignalDuringAnApplyAgainstTheEmbeddedSandboxStartsNoNewWorkAndTheNextRunConvergesAtOnce(String signal) {
        PxciProcess first = startCli("apply", "--sandbox", "--config", "deployment", "--parallelism", "1",
                "--stage", "provision");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (first.stdoutSoFar().split("done create CT", -1).length < 3) {
            assertThat(first.isAlive()).as("the first run is still going:\n%s", first.stdoutSoFar()).isTrue();
            assertThat(System.nanoTime()).as("the first run creates containers").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }

        first.signal(signal);
        PxciProcess.Result stopped = first.await(Duration.ofSeconds(60));

        assertThat(stopped.exitCode()).as(stopped.all()).isNotZero();
        assertThat(stopped.stderr()).contains("pxci: stopping: no new work is started").doesNotContain("Exception");
        assertThat(stopped.stdout()).as("some containers were left for the next run")
                .contains("not started: pxci was asked to stop");
        PxciProcess.Result next = runCli("apply", "--sandbox", "--config", "deployment", "--parallelism", "4",
                "--stage", "provision");
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.stdout()).as("no lock was left for the next run to wait on")
                .doesNotContain("wait for the 'create' lock").contains("apply succeeded");
        PxciProcess.Result plan = runCli("plan", "--sandbox", "--config", "deployment", "--stage", "provision",
                "--detailed-exitcode");
        assertThat(plan.exitCode()).as("converged:\n%s", plan.all()).isZero();
    }

    /** Waits until the run has begun to change the cluster, which it does only once it holds its containers' locks. */
    private void awaitLockHeldBy(PxciProcess run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Pve.writes(pve) == 0) {
            assertThat(run.isAlive()).as("the first run is still going:\n%s", run.stdoutSoFar()).isTrue();
            assertThat(System.nanoTime()).as("the first run takes the lock and starts creating").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
