package dev.pxci.adapter.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.time.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final ShellTarget TARGET = new ShellTarget("10.0.0.9", 22, "root");
    private final FakeTicker ticker = new FakeTicker();
    private final List<Duration> given = new ArrayList<>();

    private Shell refused(Duration timeout) {
        given.add(timeout);
        throw new PxciException(ErrorCode.TRANSIENT, "connection refused");
    }

    @Test
    void aMachineThatNeverAnswersTimesOutAtTheDeadlineAfterGrowingPauses() {
        assertThatThrownBy(() -> Readiness.open(TARGET, Duration.ofSeconds(5), this::refused, ticker))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("was not ready within", "the last one failed: connection refused");
                });

        assertThat(ticker.slept()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ticker.sleeps.get(0)).isBetween(Readiness.FIRST_PAUSE.multipliedBy(8).dividedBy(10), Readiness.FIRST_PAUSE);
        assertThat(ticker.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Readiness.MAX_PAUSE));
        assertThat(given.get(0)).as("the first attempt may take the whole deadline").isEqualTo(Duration.ofSeconds(5));
        assertThat(given.get(given.size() - 1)).as("the last attempt still gets a little time").isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRefusedHostKeyFailsAtOnce() {
        assertThatThrownBy(() -> Readiness.open(TARGET, Duration.ofSeconds(5), t -> {
            throw new PxciException(ErrorCode.FORBIDDEN, "host key mismatch");
        }, ticker)).isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

        assertThat(ticker.sleeps).isEmpty();
    }
}
