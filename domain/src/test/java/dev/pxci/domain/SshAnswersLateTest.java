package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.fakes.FakeContainerShell;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.time.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A container that has just started answers SSH late: the run waits on its own clock, with growing pauses. */
class SshAnswersLateTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci";
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final FakeContainerShell container = new FakeContainerShell();
    private final FakeTicker ticker = new FakeTicker();
    private final Deployment deployment = deployment(env(254, "git"));

    { platform.runsProcesses = true; }

    /** Refuses the connection {@code refusals} times, then lets the container's fake answer. */
    private ShellConnector answeringAfter(int refusals) {
        AtomicInteger tries = new AtomicInteger();
        return new ShellConnector() {
            @Override
            public Shell open(ShellTarget target) {
                if (tries.incrementAndGet() <= refusals) {
                    throw new PxciException(ErrorCode.TRANSIENT, "connection refused by " + target);
                }
                return container.open(target);
            }

            @Override
            public Shell openWhenReady(ShellTarget target, Duration deadline) {
                return open(target);
            }
        };
    }

    private RunReport bootstrap(ShellConnector shells) {
        PipelineSettings settings = PipelineSettings.DEFAULTS.withCiPublicKey(KEY)
                .withTool(new ToolRequirement("18.7.10", Optional.empty(), Optional.empty(), Optional.empty()));
        return Pxci.builder().platform(platform).shells(shells).settings(settings)
                .options(EngineOptions.DEFAULTS.withTicker(ticker)).build()
                .apply(deployment, List.of("provision", "bootstrap"));
    }

    @Test
    void aLateAnswerIsWaitedForWithDoublingPauses() {
        RunReport report = bootstrap(answeringAfter(3));

        assertThat(report.succeeded()).as(report.failure().orElse("")).isTrue();
        assertThat(ticker.sleeps).hasSize(3);
        assertThat(ticker.sleeps.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(ticker.sleeps.get(1)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
        assertThat(ticker.sleeps.get(2)).isBetween(Duration.ofMillis(320), Duration.ofMillis(400));
    }

    @Test
    void noAnswerWithinTheDeadlineFailsAfterThreeMinutesOnTheRunsClock() {
        long before = System.nanoTime();

        RunReport report = bootstrap(answeringAfter(Integer.MAX_VALUE));

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElse("") + report.stages()).contains("did not answer SSH within 3 min");
        assertThat(ticker.slept()).isEqualTo(Duration.ofMinutes(3));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("no real waiting").isLessThan(Duration.ofSeconds(30));
    }
}
