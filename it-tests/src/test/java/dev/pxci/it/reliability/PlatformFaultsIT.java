package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.sandbox.pve.PveFaults;
import dev.pxci.sandbox.pve.PveSimulator;
import dev.pxci.sandbox.pve.TaskDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults a Proxmox VE cluster produces, injected through the sandbox's simulator, and what the
 * proxmox adapter makes of each: a wait, a retry, or an error that says what happened and what to
 * do. Real HTTPS on loopback, the adapter as the CLI creates it.
 */
class PlatformFaultsIT {
    private static final ContainerRef CT = new ContainerRef(101, "pve");
    private final List<AutoCloseable> opened = new ArrayList<>();
    private PveSimulator sim;

    private PveSimulator start(TaskDurations durations) {
        sim = PveSimulator.builder().taskDurations(durations).start();
        opened.add(sim);
        return sim;
    }

    private ContainerPlatform platform(Map<String, String> extra) {
        ContainerPlatform platform = Pve.platform(sim, extra);
        opened.add(0, platform);
        return platform;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private ContainerPlatform withContainer() {
        start(Pve.FAST);
        ContainerPlatform platform = platform(Map.of());
        platform.create(Pve.spec(CT.vmid(), "web"));
        return platform;
    }

    private long posts() {
        return sim.requestCounts().getOrDefault("POST", 0L);
    }

    @Test
    void aLockThatClearsIsWaitedOutAndTheStartSucceeds() throws Exception {
        ContainerPlatform platform = withContainer();
        sim.faults().stuckLock(CT.vmid(), "backup");
        long before = posts();
        Thread unlocker = new Thread(() -> {
            // release the lock only once the adapter has met it twice: the start must have been repeated
            while (posts() < before + 2) {
                Thread.onSpinWait();
            }
            sim.faults().releaseLock(CT.vmid());
        });
        unlocker.start();

        TaskOutcome started = platform.start(CT);

        unlocker.join(10_000);
        assertThat(started.taskId()).startsWith("UPID:pve:");
        assertThat(posts() - before).as("start requests: at least two refused by the lock, then the one that worked")
                .isGreaterThanOrEqualTo(3);
        ObservedContainer observed = platform.find(CT.vmid()).orElseThrow();
        assertThat(observed.power()).isEqualTo(PowerState.RUNNING);
        assertThat(observed.lock()).isEmpty();
    }

    @Test
    void aLockThatNeverClearsFailsInBoundedTimeNamingTheLockAndThePctUnlockToRun() {
        ContainerPlatform platform = withContainer();
        sim.faults().stuckLock(CT.vmid(), "backup");
        long started = System.nanoTime();

        assertThatThrownBy(() -> platform.start(CT)).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(e.getMessage()).contains("CT is locked (backup)");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("'backup'", "pct unlock 101", "node pve"));
        });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(platform.find(CT.vmid()).orElseThrow().power()).isEqualTo(PowerState.STOPPED);
    }

    @Test
    void burstsOf500OnReadsAnd596OnAStartAreRepeatedUntilTheyPass() {
        ContainerPlatform platform = withContainer();
        sim.faults()
                .errorBurst(PveFaults.ErrorBurst.of("GET", "^/cluster/resources", 500, "got timeout", 3))
                .errorBurst(PveFaults.ErrorBurst.of("POST", "/status/start$", 596, "Connection timed out", 2));
        long before = posts();

        assertThat(platform.find(CT.vmid())).isPresent();
        platform.start(CT);

        assertThat(posts() - before).as("two starts answered 596, the third one started the container").isEqualTo(3);
        assertThat(platform.find(CT.vmid()).orElseThrow().power()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aBurstLongerThanTheRetriesFailsAsTransientNamingTheNodeTheProxyCouldNotReach() {
        ContainerPlatform platform = withContainer();
        sim.faults().errorBurst(PveFaults.ErrorBurst.of("POST", "/status/start$", 596, "Connection timed out", 100));

        assertThatThrownBy(() -> platform.start(CT)).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT);
            assertThat(e.getMessage()).contains("596", "Connection timed out");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("node pve"));
        });
        sim.faults().clear();
    }

    @Test
    void anUnknown500OnCreateIsFinalAtOnceAndTheNextAttemptCreatesExactlyOneContainer() {
        start(Pve.FAST);
        ContainerPlatform platform = platform(Map.of());
        sim.faults().errorBurst(PveFaults.ErrorBurst.of("POST", "^/nodes/pve/lxc$", 500, "Internal Server Error", 1));

        assertThatThrownBy(() -> platform.create(Pve.spec(CT.vmid(), "web")))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(posts()).as("a 500 whose text is not known to pass is not sent again").isEqualTo(1);

        platform.create(Pve.spec(CT.vmid(), "web"));
        assertThat(platform.observe(Set.of(CT.vmid(), 102, 103))).containsOnlyKeys(CT.vmid());
    }

    @Test
    void aConnectionResetWhilePollingTheCreateTaskIsSurvivedWithoutASecondCreate() {
        start(TaskDurations.uniform(Duration.ofMillis(300)));
        ContainerPlatform platform = platform(Map.of());
        sim.faults().connectionReset(new PveFaults.ConnectionReset("GET", "/tasks/.*/status$", 2));

        TaskOutcome created = platform.create(Pve.spec(CT.vmid(), "web"));

        assertThat(created.container()).isEqualTo(CT);
        assertThat(posts()).as("exactly one create request").isEqualTo(1);
        ObservedContainer observed = platform.find(CT.vmid()).orElseThrow();
        assertThat(observed.lock()).isEmpty();
        assertThat(observed.config().mounts()).hasSize(1);
    }

    @Test
    void aTaskThatFailsCarriesTheTailOfItsLogInTheError() {
        start(Pve.FAST);
        ContainerPlatform platform = platform(Map.of());
        List<String> log = IntStream.rangeClosed(1, 30).mapToObj(i -> "step " + i + " of the extraction").toList();
        sim.faults().taskFault(PveFaults.TaskFault.failing("vzcreate", CT.vmid(),
                "unable to create CT 101 - lvcreate 'pve/vm-101-disk-0' error: Volume group \"pve\" has insufficient free space",
                log));

        assertThatThrownBy(() -> platform.create(Pve.spec(CT.vmid(), "web"))).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
            assertThat(e.getMessage()).contains("vzcreate", "insufficient free space", "last lines of the task log",
                    "step 30 of the extraction", "step 12 of the extraction");
            assertThat(e.getMessage()).doesNotContain("step 1 of the extraction");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("pvenode task log UPID:pve:"));
        });
        assertThat(platform.find(CT.vmid())).as("a failed create leaves nothing behind").isEmpty();
    }

    @Test
    void aTaskSlowerThanTheDeadlineTimesOutNamingItsUpidAndHowToFollowIt() {
        start(Pve.FAST);
        ContainerPlatform platform = platform(Map.of("proxmox.task-timeout", "700ms"));
        sim.faults().slowTask(new PveFaults.SlowTask("vzcreate", CT.vmid(), 5_000, 1));
        long started = System.nanoTime();

        assertThatThrownBy(() -> platform.create(Pve.spec(CT.vmid(), "web"))).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).containsPattern("task UPID:pve:[0-9A-F]+:[0-9A-F]+:[0-9A-F]+:vzcreate:101:")
                    .contains("still running after 700ms");
            String upid = e.getMessage().replaceAll("(?s).*task (UPID:\\S+).*", "$1");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("pvenode task status " + upid, "node pve",
                    "proxmox.task-timeout"));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aTicketThatExpiresMidRunLeadsToExactlyOneNewLoginAndTheRunGoesOn() throws Exception {
        start(Pve.FAST);
        ContainerPlatform platform = Pve.ticketPlatform(sim);
        opened.add(0, platform);
        platform.create(Pve.spec(CT.vmid(), "web"));
        long before = posts();

        sim.faults().expireTickets();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(pool.submit(() -> {
                    go.await();
                    return platform.find(CT.vmid()).isPresent();
                }));
            }
            go.countDown();
            for (Future<Boolean> read : reads) {
                assertThat(read.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        platform.start(CT);

        assertThat(posts() - before).as("one new login (POST /access/ticket) and the start").isEqualTo(2);
        assertThat(platform.find(CT.vmid()).orElseThrow().power()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void twoClientsRacingForTheNextIdCreateContainersWithDistinctIds() throws Exception {
        start(TaskDurations.uniform(Duration.ofMillis(100)));
        ContainerPlatform one = platform(Map.of());
        ContainerPlatform other = platform(Map.of());
        int each = 3;

        List<TaskOutcome> created = atOnce(
                () -> createSeveral(one, "left", each),
                () -> createSeveral(other, "right", each)).stream().flatMap(List::stream).toList();

        Set<Integer> ids = created.stream().map(o -> o.container().vmid()).collect(Collectors.toSet());
        assertThat(ids).hasSize(2 * each);
        Map<Integer, ObservedContainer> observed = one.observe(ids);
        assertThat(observed).hasSize(2 * each);
        assertThat(observed.values()).extracting(o -> o.config().hostname()).doesNotHaveDuplicates();
        assertThat(observed.values()).allSatisfy(o -> assertThat(o.lock()).isEmpty());
    }

    /** Creates {@code count} containers with platform-chosen ids, one after the other. */
    private static List<TaskOutcome> createSeveral(ContainerPlatform platform, String prefix, int count) {
        List<TaskOutcome> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(platform.create(Pve.spec(ContainerSpec.ANY_ID, prefix + "-" + i)));
        }
        return created;
    }

    /** Runs the calls on their own threads, released together; returns their results in order. */
    @SafeVarargs
    private static <T> List<T> atOnce(Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
