package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * Opens a shell on a machine that is still starting: retries with doubling pauses (from
 * {@link #FIRST_PAUSE} up to {@link #MAX_PAUSE}) while the failure is one that starting up explains
 * (port closed, connection reset, key not yet authorised), and fails with {@code TIMEOUT} once the
 * deadline has passed. A refused host key or a bad setting fails at once.
 */
public final class Readiness {
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);
    private static final Set<ErrorCode> WORTH_WAITING_FOR = Set.of(ErrorCode.TRANSIENT, ErrorCode.UNAUTHORIZED);

    private Readiness() {
    }

    /**
     * @param attempt opens a shell, given how long this attempt may take at most
     */
    public static Shell open(ShellTarget target, Duration deadline, Function<Duration, Shell> attempt) {
        long end = System.nanoTime() + deadline.toNanos();
        Duration pause = FIRST_PAUSE;
        int attempts = 0;
        while (true) {
            long left = end - System.nanoTime();
            attempts++;
            try {
                return attempt.apply(Duration.ofNanos(Math.max(left, Duration.ofMillis(100).toNanos())));
            } catch (PxciException e) {
                if (!WORTH_WAITING_FOR.contains(e.code())) {
                    throw e;
                }
                left = end - System.nanoTime();
                if (left <= 0) {
                    throw new PxciException(ErrorCode.TIMEOUT, target + " was not ready within "
                            + CommandOutcomes.describe(deadline) + " (" + attempts + " attempts); the last one failed: "
                            + e.getMessage(), e.hint().orElse(null), e);
                }
                sleep(Math.min(pause.toNanos(), left));
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while waiting for the machine to accept SSH");
        }
    }
}
