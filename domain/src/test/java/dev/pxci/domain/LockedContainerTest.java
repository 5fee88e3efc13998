package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.time.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Provisioning meets a container that is locked: the create of a killed run still at work, or a stale lock. */
class LockedContainerTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final Deployment deployment = deployment(env(101, "one"));
    private final FakeTicker ticker = new FakeTicker();

    /** What Proxmox VE shows while a create task runs: the lock, and hardly any config. */
    private void beingCreated() {
        ContainerConfig bare = new ContainerConfig("CT101", 1, 512, 512, new RootDisk("", 1), List.of(), List.of(),
                Features.NONE, false, List.of(), false, Optional.empty());
        platform.containers.put(101, new ObservedContainer(new ContainerRef(101, "pve"), bare, PowerState.STOPPED,
                Optional.of("create"), "r0", false));
    }

    private Engine engine(Duration lockWait) {
        return Pxci.builder().platform(platform).options(EngineOptions.DEFAULTS.withLockWait(lockWait).withTicker(ticker)).build();
    }

    @Test
    void aContainerStillBeingCreatedIsWaitedForAndThenOnlyStarted() {
        beingCreated();
        ObservedContainer created = new ObservedContainer(new ContainerRef(101, "pve"),
                deployment.containers().get(0).spec().config(), PowerState.STOPPED, Optional.empty(), "r1", false);
        platform.onObserve = n -> {
            if (n == 3) {
                platform.containers.put(101, created);
            }
        };

        RunReport report = engine(Duration.ofSeconds(30)).apply(deployment, List.of("provision"));

        assertThat(report.succeeded()).as(report.failure().orElse("")).isTrue();
        assertThat(report.stages().get(0).changes()).containsExactly("status: stopped -> running");
        assertThat(platform.mutations).containsExactly("start 101");
        assertThat(ticker.sleeps).as("one pause between the look that saw the lock and the one that did not")
                .singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(160), Duration.ofMillis(200)));
    }

    @Test
    void aLockThatDoesNotClearFailsNamingItAndThePctCommandsToRun() {
        beingCreated();

        RunReport report = engine(Duration.ofMillis(300)).apply(deployment, List.of("provision"));

        assertThat(report.succeeded()).isFalse();
        assertThat(report.stages().get(0).outcome()).isEqualTo(StageOutcome.FAILED);
        assertThat(report.stages().get(0).summary()).contains("CT 101 on pve is still locked (create) after waiting 300ms",
                "pct unlock 101", "on node pve", "pct destroy 101");
        assertThat(platform.mutations).isEmpty();
        assertThat(ticker.slept()).as("waited exactly until the deadline, on the test's clock").isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void planShowsALockedContainerWithoutWaiting() {
        beingCreated();

        RunReport report = engine(Duration.ofMinutes(10)).plan(deployment, List.of("provision"));

        assertThat(report.stages().get(0).evidence()).anySatisfy(e -> assertThat(e).contains("locked (create)"));
        assertThat(platform.observeCalls).isEqualTo(1);
    }
}
