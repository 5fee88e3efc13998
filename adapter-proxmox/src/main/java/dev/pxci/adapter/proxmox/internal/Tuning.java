package dev.pxci.adapter.proxmox.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Waiting and retrying behaviour. The defaults suit a real cluster; tests shrink them so nothing
 * waits for seconds.
 *
 * @param pollFirst first wait between task status polls; doubles up to {@code pollMax}
 * @param pollMax longest wait between task status polls
 * @param retryFirst first wait before repeating a call that met a lock or a transient fault; doubles up to {@code retryMax}
 * @param retryMax longest wait between repeats
 * @param attempts how often one call is tried in all when it meets locks or transient faults
 * @param noSuchTaskGrace how long a task may be unknown ("no such task") right after it started
 * @param ticketRenewAfter age after which a ticket is renewed (tickets live two hours)
 * @param idAttempts how many ids a create may try when others claim them first
 * @param maxConnections connections kept to the API endpoint, and more when {@code proxmox.readers} asks
 *     for more reads at once; bounds parallel requests
 */
public record Tuning(
        Duration pollFirst,
        Duration pollMax,
        Duration retryFirst,
        Duration retryMax,
        int attempts,
        Duration noSuchTaskGrace,
        Duration ticketRenewAfter,
        int idAttempts,
        int maxConnections) {

    public static final Tuning DEFAULT = new Tuning(Duration.ofMillis(50), Duration.ofSeconds(1),
            Duration.ofMillis(250), Duration.ofSeconds(5), 7, Duration.ofSeconds(5), Duration.ofHours(1), 10, 16);

    public Tuning {
        Objects.requireNonNull(pollFirst, "pollFirst");
        Objects.requireNonNull(pollMax, "pollMax");
        Objects.requireNonNull(retryFirst, "retryFirst");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(noSuchTaskGrace, "noSuchTaskGrace");
        Objects.requireNonNull(ticketRenewAfter, "ticketRenewAfter");
        if (attempts < 1 || idAttempts < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("attempts, idAttempts and maxConnections must be at least 1");
        }
    }
}
