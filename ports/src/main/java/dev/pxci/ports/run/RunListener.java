package dev.pxci.ports.run;

/**
 * Receives {@link RunEvent}s. Called from the engine's worker threads when containers are handled
 * in parallel: implementations must be thread-safe. A listener must not throw.
 */
@FunctionalInterface
public interface RunListener {
    /** Ignores every event. */
    RunListener NONE = event -> { };

    void onEvent(RunEvent event);
}
