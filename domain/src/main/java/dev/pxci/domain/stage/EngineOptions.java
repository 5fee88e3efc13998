package dev.pxci.domain.stage;

import dev.pxci.ports.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param parallelism how many containers are worked on at once (at least 1)
 * @param purgeShares {@code destroy} also deletes share volumes (kept by default)
 * @param shutdownTimeout how long a clean shutdown may take before a hard stop
 * @param lockWait how long {@code provision} waits for a lock on a container to clear (another
 *     operation, or the create of an interrupted run, still at work) before it fails naming the lock
 * @param ticker the clock and the sleep of the engine's waits (for a lock to clear, for SSH to answer)
 */
public record EngineOptions(int parallelism, boolean purgeShares, Duration shutdownTimeout, Duration lockWait,
                            Ticker ticker) {
    /** Eight containers at once, shares kept, one minute to shut down, ten minutes for a lock to clear, real time. */
    public static final EngineOptions DEFAULTS = new EngineOptions(8, false, Duration.ofSeconds(60), Duration.ofMinutes(10),
            Ticker.SYSTEM);

    public EngineOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(ticker, "ticker");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + lockWait);
        }
    }

    public EngineOptions withParallelism(int n) {
        return new EngineOptions(n, purgeShares, shutdownTimeout, lockWait, ticker);
    }

    public EngineOptions withPurgeShares(boolean purge) {
        return new EngineOptions(parallelism, purge, shutdownTimeout, lockWait, ticker);
    }

    public EngineOptions withLockWait(Duration wait) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, wait, ticker);
    }

    public EngineOptions withTicker(Ticker t) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, lockWait, t);
    }
}
