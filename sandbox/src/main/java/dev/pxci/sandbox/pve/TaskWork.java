package dev.pxci.sandbox.pve;

import java.util.List;

/**
 * What a simulated task does when its running time is over. Both methods run under the cluster
 * state's monitor.
 */
interface TaskWork {

    /** A task that ends with {@code TASK ERROR: message}. */
    final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Applies the task's effect and returns the log lines it produced; throws {@link Failure} to fail. */
    List<String> complete();

    /** Undoes what the synchronous part of the call did (locks, claimed ids) when the task fails. */
    void abort();
}
