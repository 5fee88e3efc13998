package dev.pxci.domain.stage;

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
 */
public record EngineOptions(int parallelism, boolean purgeShares, Duration shutdownTimeout, Duration lockWait) {
    /** Eight containers at once, shares kept, one minute to shut down, ten minutes for a lock to clear. */
    public static final EngineOptions DEFAULTS = new EngineOptions(8, false, Duration.ofSeconds(60), Duration.ofMinutes(10));

    public EngineOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + lockWait);
        }
    }

    public EngineOptions withParallelism(int n) {
        return new EngineOptions(n, purgeShares, shutdownTimeout, lockWait);
    }

    public EngineOptions withPurgeShares(boolean purge) {
        return new EngineOptions(parallelism, purge, shutdownTimeout, lockWait);
    }

    public EngineOptions withLockWait(Duration wait) {
        return new EngineOptions(parallelism, purgeShares, shutdownTimeout, wait);
    }
}
