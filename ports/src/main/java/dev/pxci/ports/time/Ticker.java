package dev.pxci.ports.time;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.time.Duration;

/**
 * Monotonic time and sleeping, as one thing a test can replace: a fake moves its clock forward when
 * it is asked to sleep, so a wait of minutes takes no time at all. Implementations are thread-safe.
 */
public interface Ticker {
    /** The real one: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
    };

    /** A monotonic time in nanoseconds; only differences between two readings mean anything. */
    long nanoTime();

    /** Sleeps for {@code duration} (nothing when it is zero or negative). */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps for {@code duration}; an interrupt keeps the thread's interrupt flag and fails with
     * {@code FAILED} "interrupted while {@code activity}".
     */
    default void pause(Duration duration, String activity) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while " + activity);
        }
    }
}
