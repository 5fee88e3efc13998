package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.forge.Forge;

/** Gives the forge that runs inside a container (its Gitea), created by the host through the SPI. */
@FunctionalInterface
public interface ForgeProvider {
    Forge forContainer(ContainerDeclaration container);
}
