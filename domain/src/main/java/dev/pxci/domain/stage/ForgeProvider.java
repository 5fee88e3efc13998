package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.forge.Forge;

/** Gives the forge that runs inside a container (its Gitea), created by the host through the SPI. */
@FunctionalInterface
public interface ForgeProvider {
    Forge forContainer(ContainerDeclaration container);

    /**
     * Whether one forge serves every container (a central Gitea, or the sandbox's), rather than
     * one inside each. When a deployment has several containers, what is per container
     * ({@code PXCI_SELF}) is then not written there: it could only flip from one to the other on
     * every run.
     */
    default boolean sharedByAllContainers() {
        return false;
    }
}
