package dev.pxci.domain.stage;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.run.RunListener;
import java.util.Objects;

/** What a stage works with: the ports, the listener and the options. */
public record StageContext(ContainerPlatform platform, RunListener listener, EngineOptions options) {
    public StageContext {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
    }
}
