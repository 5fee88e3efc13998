package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.PxciException;
import java.util.Optional;

/** Turns a failed task whose message a caller understands (a Proxmox module's, say) into a precise error. */
@FunctionalInterface
public interface FailureTranslator {
    /** Knows nothing beyond the generic mapping. */
    FailureTranslator NONE = (purpose, failed) -> Optional.empty();

    Optional<PxciException> translate(String purpose, TaskResult failed);
}
