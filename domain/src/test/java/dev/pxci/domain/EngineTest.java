package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Engine engine = Pxci.builder().platform(platform).listener(events::add).build();

    @Test
    void applyOnAnEmptyPlatformCreatesAndStartsEveryContainer() {
        Deployment d = deployment(env(101, "one", "MEMORY=1024"), env(102, "two"));

        RunReport report = engine.apply(d, List.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(report.stages()).filteredOn(r -> r.stage().equals("provision"))
                .extracting(r -> r.outcome()).containsExactly(StageOutcome.CHANGED, StageOutcome.CHANGED);
        assertThat(report.stages()).filteredOn(r -> !r.stage().equals("provision"))
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(StageOutcome.SKIPPED))
                .extracting(r -> r.stage()).containsSequence("bootstrap", "bootstrap", "configure", "configure");
        assertThat(platform.containers).containsOnlyKeys(101, 102);
        assertThat(platform.containers.get(101).power()).isEqualTo(PowerState.RUNNING);
        assertThat(platform.containers.get(101).config().memoryMiB()).isEqualTo(1024);
        assertThat(platform.mutations).contains("create 101", "start 101", "create 102", "start 102");
        assertThat(events).filteredOn(e -> e instanceof RunEvent.TaskFinished).hasSize(4);
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
    }

    @Test
    void secondApplyReportsEveryStageUnchangedAndMutatesNothing() {
        Deployment d = deployment(env(101, "one"), env(102, "two"));
        engine.apply(d, List.of());
        platform.mutations.clear();

        RunReport second = engine.apply(d, List.of());

        assertThat(second.succeeded()).isTrue();
        assertThat(second.stages()).allMatch(r -> r.outcome() == StageOutcome.UNCHANGED || r.outcome() == StageOutcome.SKIPPED);
        assertThat(second.stages()).filteredOn(r -> r.stage().equals("provision"))
                .allMatch(r -> r.outcome() == StageOutcome.UNCHANGED);
        assertThat(second.changedAnything()).isFalse();
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void aChangedSettingIsAppliedInPlaceWithTheObservedRevision() {
        engine.apply(deployment(env(101, "one", "CORES=1")), List.of());
        platform.mutations.clear();

        RunReport report = engine.apply(deployment(env(101, "one", "CORES=4")), List.of());

        assertThat(report.stages().get(0).outcome()).isEqualTo(StageOutcome.CHANGED);
        assertThat(report.stages().get(0).changes()).containsExactly("cores: 1 -> 4");
        assertThat(platform.mutations).containsExactly("reconfigure 101");
        assertThat(platform.containers.get(101).config().cores()).isEqualTo(4);
    }

    @Test
    void aConcurrentChangeIsObservedAgainReplannedAndAppliedOnce() {
        engine.apply(deployment(env(101, "one", "CORES=1")), List.of());
        platform.mutations.clear();
        platform.onReconfigure = n -> {
            if (n == 1) {
                var o = platform.containers.get(101);
                var other = new dev.pxci.ports.platform.ContainerConfig(o.config().hostname(), o.config().cores(), 4096,
                        o.config().swapMiB(), o.config().rootDisk(), o.config().mounts(), o.config().networks(),
                        o.config().features(), o.config().unprivileged(), o.config().tags(), o.config().onboot(),
                        o.config().startup());
                platform.containers.put(101, new dev.pxci.ports.platform.ObservedContainer(o.ref(), other, o.power(),
                        o.lock(), "someone-else", false));
            }
        };

        RunReport report = engine.apply(deployment(env(101, "one", "CORES=4")), List.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(platform.mutations).containsExactly("reconfigure 101", "reconfigure 101");
        assertThat(platform.containers.get(101).config().cores()).isEqualTo(4);
        assertThat(platform.containers.get(101).config().memoryMiB()).isEqualTo(512);
        assertThat(report.stages().get(0).changes()).contains("cores: 1 -> 4", "memory: 4096 -> 512");
        assertThat(events).anyMatch(e -> e instanceof RunEvent.Warning w && w.toString().contains("re-planned"));
    }

    @Test
    void aCreateOnlyChangeIsRefusedUnlessTerminateAllowsReplacement() {
        engine.apply(deployment(env(101, "one", "UNPRIVILEGED=yes")), List.of());
        platform.mutations.clear();

        RunReport refused = engine.apply(deployment(env(101, "one", "UNPRIVILEGED=no")), List.of());

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failure().orElseThrow()).contains("needs replacement", "unprivileged: 1 -> 0", "TERMINATE=yes");
        assertThat(platform.mutations).isEmpty();

        RunReport replaced = engine.apply(deployment(env(101, "one", "UNPRIVILEGED=no", "TERMINATE=yes")), List.of());

        assertThat(replaced.succeeded()).isTrue();
        assertThat(platform.mutations).containsExactly("backup 101", "destroy 101 keep", "create 101", "start 101");
        assertThat(platform.containers.get(101).config().unprivileged()).isFalse();
    }

    @Test
    void whatThePlatformCannotChangeInPlaceIsPlannedAndAppliedAsAReplacement() {
        engine.apply(deployment(env(101, "one", "MEMORY=512")), List.of());
        platform.mutations.clear();
        platform.inPlaceChanges = new dev.pxci.ports.platform.InPlace(false, false, false, "this platform only creates");

        RunReport plan = engine.plan(deployment(env(101, "one", "MEMORY=1024")), List.of());
        RunReport refused = engine.apply(deployment(env(101, "one", "MEMORY=1024")), List.of());
        RunReport replaced = engine.apply(deployment(env(101, "one", "MEMORY=1024", "TERMINATE=yes")), List.of());

        assertThat(plan.stages().get(0).summary()).contains("needs replacement");
        assertThat(plan.stages().get(0).changes()).containsExactly("memory: 512 -> 1024 (needs replacement: this platform"
                + " only creates)");
        assertThat(refused.failure().orElseThrow()).contains("needs replacement", "this platform only creates");
        assertThat(replaced.succeeded()).isTrue();
        assertThat(platform.mutations).doesNotContain("reconfigure 101").contains("destroy 101 keep", "create 101");
        assertThat(platform.containers.get(101).config().memoryMiB()).isEqualTo(1024);
    }

    @Test
    void aReplacementThePlatformWouldRefuseDestroysNothingAndThePlanSaysWhy() {
        engine.apply(deployment(env(101, "one", "UNPRIVILEGED=yes")), List.of());
        platform.mutations.clear();
        platform.refusals.put(101, List.of("FEATURES: feature flags of a privileged container can only be changed by root@pam"));
        Deployment privileged = deployment(env(101, "one", "UNPRIVILEGED=no", "FEATURES=nesting", "TERMINATE=yes"));

        RunReport plan = engine.plan(privileged, List.of());
        RunReport apply = engine.apply(privileged, List.of());

        assertThat(plan.stages().get(0).summary()).contains("would replace", "nothing would be destroyed", "root@pam");
        assertThat(plan.stages().get(0).changes()).contains("unprivileged: 1 -> 0 (needs replacement)");
        assertThat(apply.succeeded()).isFalse();
        assertThat(apply.failure().orElseThrow()).contains("needs replacement", "root@pam", "left as it is");
        assertThat(platform.mutations).isEmpty();
        assertThat(platform.containers.get(101).config().unprivileged()).isTrue();
    }

    @Test
    void aReplacementWhoseCreateFailsRestoresTheOldContainerFromItsBackup() {
        engine.apply(deployment(env(101, "one", "UNPRIVILEGED=yes", "MEMORY=1024")), List.of());
        platform.mutations.clear();
        platform.failCreateOf.add(101);

        RunReport report = engine.apply(deployment(env(101, "one", "UNPRIVILEGED=no", "TERMINATE=yes")), List.of());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElseThrow()).contains("restored from its backup", "disk full");
        assertThat(platform.mutations).containsExactly("backup 101", "destroy 101 keep", "create 101", "restore 101",
                "start 101");
        assertThat(platform.containers.get(101).config().unprivileged()).isTrue();
        assertThat(platform.containers.get(101).config().memoryMiB()).isEqualTo(1024);
        assertThat(platform.containers.get(101).power()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aFailureStopsTheRunKeepsWhatWasDoneAndSaysWhere() {
        platform.failCreateOf.add(102);
        Deployment d = deployment(env(101, "one"), env(102, "two"));

        RunReport report = engine.apply(d, List.of());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElseThrow()).startsWith("provision failed for 102 two").contains("disk full");
        assertThat(platform.containers).containsOnlyKeys(101);
        assertThat(report.stages()).extracting(r -> r.target() + " " + r.outcome())
                .containsExactly("101 one CHANGED", "102 two FAILED");

        platform.failCreateOf.clear();
        platform.mutations.clear();
        RunReport rerun = engine.apply(d, List.of());

        assertThat(rerun.succeeded()).isTrue();
        assertThat(platform.mutations).containsExactly("create 102", "start 102");
    }

    @Test
    void planNeverCallsAMutatingPortMethod() {
        engine.apply(deployment(env(101, "one")), List.of());
        platform.mutations.clear();
        Deployment changed = deployment(env(101, "one", "MEMORY=2048", "UNPRIVILEGED=no"), env(102, "two"));

        RunReport plan = engine.plan(changed, List.of());
        RunReport destroyPlan = engine.destroy(changed, true);

        assertThat(platform.mutations).isEmpty();
        assertThat(plan.changedAnything()).isTrue();
        assertThat(plan.stages().get(0).changes()).contains("memory: 512 -> 2048", "unprivileged: 1 -> 0 (needs replacement)");
        assertThat(plan.stages().get(1).summary()).isEqualTo("would create and start");
        assertThat(destroyPlan.stages().get(0).summary()).startsWith("would destroy CT 101");
    }

    @Test
    void destroyKeepsShareVolumesUnlessPurgeIsAskedFor() {
        Deployment d = deployment(env(101, "one", "MOUNT=share:4"));
        engine.apply(d, List.of());

        RunReport destroyed = engine.destroy(d, false);
        RunReport again = engine.destroy(d, false);

        assertThat(platform.mutations).contains("destroy 101 keep");
        assertThat(destroyed.stages().get(0).outcome()).isEqualTo(StageOutcome.CHANGED);
        assertThat(again.stages().get(0).outcome()).isEqualTo(StageOutcome.UNCHANGED);

        Engine purging = Pxci.builder().platform(platform).options(EngineOptions.DEFAULTS.withPurgeShares(true)).build();
        RunReport purged = purging.destroy(d, false);
        assertThat(platform.mutations).as("the shares an earlier destroy kept are purged too").contains("destroy 101 purge");
        assertThat(purged.stages().get(0).outcome()).isEqualTo(StageOutcome.CHANGED);
        assertThat(purged.stages().get(0).changes()).containsExactly("kept shares of 101 purged");
        assertThat(purging.destroy(d, false).stages().get(0).outcome()).isEqualTo(StageOutcome.UNCHANGED);

        purging.apply(d, List.of());
        purging.destroy(d, false);
        assertThat(platform.mutations).containsSubsequence("create 101", "destroy 101 purge");
    }

    @Test
    void verifyFailsWithWhatItSawWhenTheContainerDrifted() {
        engine.apply(deployment(env(101, "one")), List.of());

        RunReport ok = engine.verify(deployment(env(101, "one")), List.of());
        RunReport drift = engine.verify(deployment(env(101, "one", "SWAP=0")), List.of());

        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.stages().get(0).evidence().get(0)).contains("CT 101 on pve is running");
        assertThat(drift.succeeded()).isFalse();
        assertThat(drift.failure().orElseThrow()).contains("swap: 512 -> 0");
    }

    @Test
    void manyContainersAreObservedInOneRound() {
        String[] envs = new String[30];
        for (int i = 0; i < envs.length; i++) {
            envs[i] = env(200 + i, "ct" + i);
        }
        Deployment d = deployment(envs);
        engine.apply(d, List.of());
        platform.observeCalls = 0;

        RunReport noop = engine.apply(d, List.of());

        assertThat(noop.changedAnything()).isFalse();
        assertThat(platform.observeCalls).isEqualTo(1);
    }
}
