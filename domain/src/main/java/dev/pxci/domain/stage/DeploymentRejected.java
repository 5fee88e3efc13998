package dev.pxci.domain.stage;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;

/**
 * The deployment names what the platform does not have (a node, a template on its node): it is
 * refused before anything changes, with {@code INVALID_INPUT}, like a malformed declaration, rather
 * than failing one container halfway through a run.
 */
public final class DeploymentRejected extends PxciException {
    private static final long serialVersionUID = 1L;

    DeploymentRejected(String message, String hint) {
        super(ErrorCode.INVALID_INPUT, message, hint);
    }
}
