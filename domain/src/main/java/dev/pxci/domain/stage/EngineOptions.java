package dev.pxci.domain.stage;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param parallelism how many containers are worked on at once (at least 1)
 * @param purgeShares {@code destroy} also deletes share volumes (kept by default)
 * @param shutdownTimeout how long a clean shutdown may take before a hard stop
 */
public record EngineOptions(int parallelism, boolean purgeShares, Duration shutdownTimeout) {
    /** Eight containers at once, shares kept, one minute to shut down. */
    public static final EngineOptions DEFAULTS = new EngineOptions(8, false, Duration.ofSeconds(60));

    public EngineOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    public EngineOptions withParallelism(int n) {
        return new EngineOptions(n, purgeShares, shutdownTimeout);
    }

    public EngineOptions withPurgeShares(boolean purge) {
        return new EngineOptions(parallelism, purge, shutdownTimeout);
    }
}
