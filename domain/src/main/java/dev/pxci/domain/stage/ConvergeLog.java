package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.configuration.ConvergeReport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The converges of one run that changed nothing, by container and bundle. A converge that
 * updates nothing is itself the proof that a converge is idempotent there, so {@code verify}
 * takes it as its evidence instead of converging that bundle once more (a no-op run converges
 * each bundle once, not twice). Thread-safe: containers run in parallel.
 */
final class ConvergeLog {
    private final Map<String, ConvergeReport> unchanged = new ConcurrentHashMap<>();

    void record(ContainerDeclaration c, String bundle, ConvergeReport report) {
        if (!report.changed()) {
            unchanged.put(key(c, bundle), report);
        }
    }

    /** The converge of {@code bundle} in {@code c} earlier in this run that updated nothing, if there was one. */
    Optional<ConvergeReport> unchanged(ContainerDeclaration c, String bundle) {
        return Optional.ofNullable(unchanged.get(key(c, bundle)));
    }

    private static String key(ContainerDeclaration c, String bundle) {
        return c.spec().vmid() + "/" + bundle;
    }
}
