package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pxci touches only what it made: a declared id that holds a container without pxci's creation
 * mark (someone else's) is refused before anything changes, unless its declaration adopts it
 * ({@code ADOPT=yes}). Platforms that keep no mark ({@link Origin#UNKNOWN}) are trusted.
 */
final class ForeignContainers {
    private ForeignContainers() {
    }

    /** @throws DeploymentRejected naming every declared container that is someone else's and not adopted */
    static void refuse(Deployment deployment, Map<Integer, ObservedContainer> observed) {
        List<String> foreign = new ArrayList<>();
        for (ContainerDeclaration c : deployment.containers()) {
            foreign(c, Optional.ofNullable(observed.get(c.spec().vmid()))).ifPresent(foreign::add);
        }
        refuse(foreign);
    }

    /**
     * The same for one container seen again (after a lock cleared: a container still being
     * created shows no description yet).
     */
    static void refuse(ContainerDeclaration c, Optional<ObservedContainer> observed) {
        refuse(foreign(c, observed).stream().toList());
    }

    private static Optional<String> foreign(ContainerDeclaration c, Optional<ObservedContainer> observed) {
        return observed.filter(o -> o.origin() == Origin.FOREIGN && !c.adopt())
                .map(o -> c.source() + ": ID " + c.spec().vmid() + " is CT " + o.ref().vmid() + " '"
                        + o.config().hostname() + "' on node " + o.ref().node());
    }

    private static void refuse(List<String> foreign) {
        if (!foreign.isEmpty()) {
            throw new DeploymentRejected(String.join("; ", foreign) + (foreign.size() == 1 ? ", which" : ": containers that")
                    + " pxci did not create (no 'pxci run' mark in the description); nothing was changed",
                    "declare another ID, or set ADOPT=yes in the declaration to let pxci change, replace and destroy it");
        }
    }

    /** The plan's word on an adopted container; empty when pxci made it. */
    static Optional<String> adopted(ObservedContainer o) {
        return o.origin() == Origin.FOREIGN
                ? Optional.of("adopted (ADOPT=yes): CT " + o.ref().vmid() + " was not created by pxci")
                : Optional.empty();
    }
}
