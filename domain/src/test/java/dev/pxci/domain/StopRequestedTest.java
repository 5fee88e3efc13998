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
import dev.pxci.ports.run.StageReport;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A run told to stop (a signal reached the process) starts no new work and says so; the next run completes it. */
class StopRequestedTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Deployment three = deployment(env(301, "a"), env(302, "b"), env(303, "c"));

    @Test
    void whatIsUnderWayEndsNothingNewStartsAndTheNextRunCompletesIt() {
        // the signal arrives while the first container is being provisioned
        Engine engine = Pxci.builder().platform(platform)
                .options(EngineOptions.DEFAULTS.withParallelism(1).withStopRequested(stop::get))
                .listener(event -> {
                    if (event instanceof RunEvent.StageStarted && signalled.compareAndSet(false, true)) {
                        stop.set(true);
                    }
                })
                .build();

        RunReport first = engine.apply(three, List.of());

        assertThat(first.succeeded()).isFalse();
        assertThat(first.failure().orElseThrow()).contains("provision stopped: pxci was asked to stop",
                "the next run picks up from here");
        assertThat(first.stages()).as("no later stage was started").extracting(StageReport::outcome)
                .containsExactly(StageOutcome.CHANGED, StageOutcome.SKIPPED, StageOutcome.SKIPPED);
        assertThat(platform.containers.keySet()).containsExactly(301);
        assertThat(platform.containers.get(301).power()).as("the container under way was finished")
                .isEqualTo(PowerState.RUNNING);

        stop.set(false);
        RunReport second = engine.apply(three, List.of("provision"));
        assertThat(second.succeeded()).as(second.failure().orElse("")).isTrue();
        assertThat(platform.containers.keySet()).containsExactlyInAnyOrder(301, 302, 303);
    }
}
