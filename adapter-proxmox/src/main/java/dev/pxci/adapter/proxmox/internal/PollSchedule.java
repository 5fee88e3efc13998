package dev.pxci.adapter.proxmox.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to ask again whether a task has ended, learning from the tasks of the same type (a
 * {@code vzcreate}, a {@code vzstart}) that ended before it on this platform: such a task is
 * expected to run at least as long as the last one was last seen running. Until then the next poll
 * comes after the expected time is reached, but never more than {@link Tuning#pollMax()} later (so
 * a task that fails early is still seen early); past it, or for a type not seen to end yet, after
 * an eighth of the time the task has overrun (or run) so far, within {@link Tuning#pollFirst()} and
 * {@code pollMax}. So a task that runs as long as those before it is seen to end within about one
 * {@code pollFirst}, in three or four polls once the expectation has settled, and one of a new type
 * at most about 12.5 % late.
 * Thread-safe: the waiters of one platform share it.
 */
final class PollSchedule {
    /** The wait before the next poll is the time run (or overrun) so far divided by this. */
    static final long FRACTION = 8;

    private final Tuning tuning;
    private final Map<String, Duration> expected = new ConcurrentHashMap<>();

    PollSchedule(Tuning tuning) {
        this.tuning = tuning;
    }

    /** The wait before the next poll of a task of {@code type} that has run for {@code elapsed}. */
    Duration nextWait(String type, Duration elapsed) {
        Duration expect = expected.get(type);
        if (expect != null && elapsed.compareTo(expect) < 0) {
            return min(expect.minus(elapsed), tuning.pollMax());
        }
        return share(expect == null ? elapsed : elapsed.minus(expect));
    }

    /**
     * Records that a task of {@code type} ended, having last been seen running after
     * {@code lastSeenRunning} (zero when the first poll saw it ended, which teaches nothing).
     */
    void ended(String type, Duration lastSeenRunning) {
        if (lastSeenRunning.isZero()) {
            expected.remove(type);
        } else {
            expected.put(type, lastSeenRunning);
        }
    }

    private Duration share(Duration run) {
        Duration share = run.dividedBy(FRACTION);
        return share.compareTo(tuning.pollFirst()) < 0 ? tuning.pollFirst() : min(share, tuning.pollMax());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
