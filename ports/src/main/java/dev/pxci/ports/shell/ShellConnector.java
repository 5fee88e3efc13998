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

    /**
     * Whether the target refuses a new login as its user: evidence of the server's present settings,
     * so a connector that shares connections must make a fresh one for this, and close it at once.
     * Other failures are thrown. The default opens and closes a session, right for a connector that
     * keeps none open.
     */
    default boolean refusesNewLogin(ShellTarget target) {
        try {
            open(target).close();
            return false;
        } catch (dev.pxci.ports.PxciException e) {
            if (e.code() == dev.pxci.ports.ErrorCode.UNAUTHORIZED) {
                return true;
            }
            throw e;
        }
    }
}
