package dev.pxci.ports.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of pxci: pauses that start at {@code first} and double up to {@code max}, each
 * shortened by a random share of up to {@link #jitter()} (so runs waiting on the same thing do not
 * ask in step), never past the deadline of the wait. A {@code Backoff} is an immutable policy,
 * safe to share; {@link #start} gives one loop its own {@link Wait}, which is not thread-safe.
 */
public final class Backoff {
    /** The share of a pause that jitter may take off unless told otherwise. */
    public static final double DEFAULT_JITTER = 0.2;
    private final Duration first;
    private final Duration max;
    private final double jitter;
    private final Ticker ticker;
    private final DoubleSupplier random;

    private Backoff(Duration first, Duration max, double jitter, Ticker ticker, DoubleSupplier random) {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= first <= max, was " + first + " and " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        this.first = first;
        this.max = max;
        this.jitter = jitter;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Doubling pauses from {@code first} to {@code max}, {@link #DEFAULT_JITTER}, on the {@link Ticker#SYSTEM}. */
    public static Backoff exponential(Duration first, Duration max) {
        return new Backoff(first, max, DEFAULT_JITTER, Ticker.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The same policy, on {@code ticker}. */
    public Backoff on(Ticker ticker) {
        return new Backoff(first, max, jitter, ticker, random);
    }

    /** The same policy, taking up to {@code share} (0 for none) off each pause, drawn from {@code random} in [0, 1). */
    public Backoff withJitter(double share, DoubleSupplier random) {
        return new Backoff(first, max, share, ticker, random);
    }

    public double jitter() {
        return jitter;
    }

    public Ticker ticker() {
        return ticker;
    }

    /** The waits of one loop with no deadline; {@code activity} completes "interrupted while ...". */
    public Wait start(String activity) {
        return new Wait(Long.MAX_VALUE, activity);
    }

    /** The waits of one loop that must be over {@code deadline} from now. */
    public Wait start(Duration deadline, String activity) {
        return new Wait(deadline.toNanos(), activity);
    }

    /** One loop's state: the next pause and the deadline. */
    public final class Wait {
        private final long startedNanos = ticker.nanoTime();
        private final long deadlineNanos;
        private final String activity;
        private Duration next = first;

        private Wait(long deadlineNanos, String activity) {
            this.deadlineNanos = deadlineNanos;
            this.activity = Objects.requireNonNull(activity, "activity");
        }

        /** How long since the wait started. */
        public Duration elapsed() {
            return Duration.ofNanos(ticker.nanoTime() - startedNanos);
        }

        /** How long until the deadline (zero once it has passed; very long when there is none). */
        public Duration left() {
            return Duration.ofNanos(Math.max(0, deadlineNanos - (ticker.nanoTime() - startedNanos)));
        }

        /** Whether the deadline has passed. */
        public boolean expired() {
            return left().isZero();
        }

        /**
         * Sleeps for the current pause less its jitter, cut short at the deadline, and doubles the
         * pause up to {@code max}. An interrupt fails with {@code FAILED} and keeps the thread's flag.
         */
        public void pause() {
            Duration jittered = next.minusNanos((long) (next.toNanos() * jitter * random.getAsDouble()));
            Duration doubled = next.multipliedBy(2);
            next = doubled.compareTo(max) > 0 ? max : doubled;
            Duration left = left();
            ticker.pause(jittered.compareTo(left) > 0 ? left : jittered, activity);
        }

        /** Starts the pauses over from {@code first}, as after progress. */
        public void restart() {
            next = first;
        }
    }
}
