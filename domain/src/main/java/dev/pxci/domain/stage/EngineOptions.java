package dev.pxci.domain.stage;

import dev.pxci.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How the engine runs.
 *
 * @param parallelism how many containers are worked on at once (at least 1)
 * @param purgeShares {@code destroy} also deletes share volumes (kept by default)
 * @param shutdownTimeout how long a clean shutdown may take before a hard stop
 * @param lockWait how long {@code provision} waits for a lock on a container to clear (another
 *     operation, or the create of an interrupted run, still at work) before it fails naming the lock
 * @param ticker the clock and the sleep of the engine's waits (for a lock to clear, for SSH to answer)
 * @param stopRequested asked between pieces of work: once it says yes (the process was told to
 *     end), no container's work and no stage is started any more; what is under way ends as it would
 */
public record EngineOptions(int parallelism, boolean purgeShares, Duration shutdownTimeout, Duration lockWait,
                            Ticker ticker, BooleanSupplier stopRequested) {
    /** Eight containers at once, shares kept, one minute to shut down, ten minutes for a lock to clear, real time, never stopped. */
    public static final EngineOptions DEFAULTS = new EngineOptions(8, false, Duration.ofSeconds(60), Duration.ofMinutes(10),
            Ticker.SYSTEM, () -> false);

    public EngineOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(stopRequested, "stopRequested");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + lockWait);
        }
    }

    public EngineOptions withParallelism(int n) {
        return new EngineOptions(n, purgeShares, shutdownTimeout, lockWait, ticker, stopRequested);
    }

    public EngineOptions withPurgeShares(boolean purge) {
        return new EngineOptions(parallelism, purge, shutdownTimeout, lockWait, ticker, stopRequested);
    }

    public EngineOptions withLockWait(Duration wait) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, wait, ticker, stopRequested);
    }

    public EngineOptions withTicker(Ticker t) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, lockWait, t, stopRequested);
    }

    public EngineOptions withStopRequested(BooleanSupplier stop) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, lockWait, ticker, stop);
    }

    /** Whether the run is to start no more work. */
    public boolean stopping() {
        return stopRequested.getAsBoolean();
    }
}
