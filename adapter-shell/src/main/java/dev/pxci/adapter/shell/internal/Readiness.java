package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.time.Backoff;
import dev.pxci.ports.time.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * Opens a shell on a machine that is still starting: retries with a {@link Backoff} (from
 * {@link #FIRST_PAUSE} up to {@link #MAX_PAUSE}) while the failure is one that starting up explains
 * (port closed, connection reset, key not yet authorised), and fails with {@code TIMEOUT} once the
 * deadline has passed. A refused host key or a bad setting fails at once.
 */
public final class Readiness {
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);
    /** The least time an attempt is given, even when the deadline is (nearly) over. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);
    private static final Set<ErrorCode> WORTH_WAITING_FOR = Set.of(ErrorCode.TRANSIENT, ErrorCode.UNAUTHORIZED);

    private Readiness() {
    }

    /**
     * @param attempt opens a shell, given how long this attempt may take at most
     */
    public static Shell open(ShellTarget target, Duration deadline, Function<Duration, Shell> attempt) {
        return open(target, deadline, attempt, Ticker.SYSTEM);
    }

    static Shell open(ShellTarget target, Duration deadline, Function<Duration, Shell> attempt, Ticker ticker) {
        Backoff.Wait wait = Backoff.exponential(FIRST_PAUSE, MAX_PAUSE).on(ticker)
                .start(deadline, "waiting for the machine to accept SSH");
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Duration left = wait.left();
                return attempt.apply(left.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT : left);
            } catch (PxciException e) {
                if (!WORTH_WAITING_FOR.contains(e.code())) {
                    throw e;
                }
                if (wait.expired()) {
                    throw new PxciException(ErrorCode.TIMEOUT, target + " was not ready within "
                            + CommandOutcomes.describe(deadline) + " (" + attempts + " attempts); the last one failed: "
                            + e.getMessage(), e.hint().orElse(null), e);
                }
                wait.pause();
            }
        }
    }
}
