package dev.pxci.ports.shell;

import java.time.Duration;

/**
 * Opens {@link Shell} sessions. Host keys are verified according to the connector's
 * configuration; a mismatch is refused with an error naming both fingerprints. Thread-safe.
 */
public interface ShellConnector {

    /** Opens a session now; fails when the target does not answer or refuses authentication. */
    Shell open(ShellTarget target);

    /**
     * Opens a session, retrying with backoff until the target answers and authentication works,
     * or fails with {@code TIMEOUT} when {@code deadline} has passed. Used right after a container starts.
     */
    Shell openWhenReady(ShellTarget target, Duration deadline);
}
