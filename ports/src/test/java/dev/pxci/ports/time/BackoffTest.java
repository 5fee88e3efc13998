package dev.pxci.ports.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final FakeTicker ticker = new FakeTicker();

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void pausesDoubleUpToTheLongest() {
        Backoff.Wait wait = Backoff.exponential(ms(100), ms(500)).withJitter(0, () -> 0.5).on(ticker).start("testing");

        for (int i = 0; i < 5; i++) {
            wait.pause();
        }

        assertThat(ticker.sleeps).containsExactly(ms(100), ms(200), ms(400), ms(500), ms(500));
        assertThat(wait.elapsed()).isEqualTo(ms(1700)).isEqualTo(ticker.slept());
    }

    @Test
    void jitterTakesUpToItsShareOffEachPause() {
        double[] draws = {0.0, 0.999, 0.5};
        int[] next = {0};
        Backoff.Wait wait = Backoff.exponential(ms(1000), ms(8000)).withJitter(0.2, () -> draws[next[0]++]).on(ticker)
                .start("testing");

        wait.pause();
        wait.pause();
        wait.pause();

        assertThat(ticker.sleeps.get(0)).isEqualTo(ms(1000));
        assertThat(ticker.sleeps.get(1)).isGreaterThan(ms(1600)).isLessThan(ms(1601));
        assertThat(ticker.sleeps.get(2)).isEqualTo(ms(3600));
    }

    @Test
    void theDefaultJitterKeepsEveryPauseWithinItsShare() {
        Backoff.Wait wait = Backoff.exponential(ms(100), ms(100)).on(ticker).start("testing");

        for (int i = 0; i < 50; i++) {
            wait.pause();
        }

        assertThat(ticker.sleeps).allSatisfy(d -> assertThat(d).isBetween(ms(80), ms(100)));
        assertThat(ticker.sleeps.stream().distinct().count()).as("the pauses differ").isGreaterThan(1);
    }

    @Test
    void noPauseGoesPastTheDeadlineWhichThenHasExpired() {
        Backoff.Wait wait = Backoff.exponential(ms(200), ms(5000)).withJitter(0, () -> 0).on(ticker).start(ms(300), "testing");

        wait.pause();
        assertThat(wait.expired()).isFalse();
        assertThat(wait.left()).isEqualTo(ms(100));
        wait.pause();

        assertThat(ticker.sleeps).containsExactly(ms(200), ms(100));
        assertThat(wait.expired()).isTrue();
        assertThat(wait.left()).isZero();
    }

    @Test
    void restartBeginsThePausesAgainFromTheFirst() {
        Backoff.Wait wait = Backoff.exponential(ms(10), ms(1000)).withJitter(0, () -> 0).on(ticker).start("testing");

        wait.pause();
        wait.pause();
        wait.restart();
        wait.pause();

        assertThat(ticker.sleeps).containsExactly(ms(10), ms(20), ms(10));
    }

    @Test
    void anInterruptedPauseFailsNamingWhatWasAwaitedAndKeepsTheFlag() {
        Ticker interrupted = new Ticker() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        Backoff.Wait wait = Backoff.exponential(ms(10), ms(10)).on(interrupted).start("waiting for the test");

        try {
            assertThatThrownBy(wait::pause).isInstanceOfSatisfying(PxciException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                assertThat(e.getMessage()).isEqualTo("interrupted while waiting for the test");
            });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPolicyOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Backoff.exponential(ms(10), ms(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(ms(10), ms(50)).withJitter(1, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSystemTickerSleepsForReal() {
        long before = System.nanoTime();
        Ticker.SYSTEM.pause(ms(20), "testing");

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(ms(20));
    }
}
