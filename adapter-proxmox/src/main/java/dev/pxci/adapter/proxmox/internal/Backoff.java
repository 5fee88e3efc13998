package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.time.Duration;

/** Waits that start at {@code first} and double up to {@code max}. One instance per wait loop; not thread-safe. */
final class Backoff {
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.next = first;
        this.max = max;
    }

    /** Sleeps for the current wait (never past {@code notAfterNanos}, a {@link System#nanoTime()} value) and doubles it. */
    void pause(long notAfterNanos) {
        long remaining = notAfterNanos - System.nanoTime();
        long millis = Math.max(0, Math.min(next.toMillis(), remaining / 1_000_000));
        advance();
        sleep(millis);
    }

    /** Sleeps for the current wait and doubles it. */
    void pause() {
        long millis = next.toMillis();
        advance();
        sleep(millis);
    }

    private void advance() {
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
    }

    static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while waiting for Proxmox VE");
        }
    }
}
