package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.time.Backoff;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until no lock is held on a container. A lock means an operation is at work on it: a
 * backup, a clone, or the create of a run that was killed, whose task goes on without it. Until it
 * ends, the container's config is not what it will be (a container being created shows almost no
 * config), so comparing it with the declaration would plan the wrong change.
 */
final class LockWait {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private LockWait() {
    }

    /**
     * The container as observed once it is unlocked (empty when it is gone by then: a create that
     * failed leaves nothing); {@code observed} itself when it holds no lock.
     *
     * @throws PxciException {@code LOCKED} when the lock is still held after {@link EngineOptions#lockWait()}
     */
    static Optional<ObservedContainer> unlocked(ContainerDeclaration c, Optional<ObservedContainer> observed,
                                                StageContext context) {
        if (observed.isEmpty() || observed.get().lock().isEmpty()) {
            return observed;
        }
        ObservedContainer locked = observed.get();
        String lock = locked.lock().get();
        Duration wait = context.options().lockWait();
        return Tasks.run(context.listener(), ProvisionStage.NAME, c.label(), "wait for the '" + lock + "' lock on CT "
                + locked.ref().vmid() + " to clear", () -> {
                    Backoff.Wait backoff = Backoff.exponential(FIRST_PAUSE, LONGEST_PAUSE)
                            .on(context.options().ticker()).start(wait, "waiting for a lock to clear");
                    while (true) {
                        Optional<ObservedContainer> now = context.platform().find(locked.ref().vmid());
                        if (now.isEmpty() || now.get().lock().isEmpty()) {
                            return now;
                        }
                        if (backoff.expired()) {
                            throw stillLocked(locked, now.get().lock().get(), wait);
                        }
                        backoff.pause();
                    }
                });
    }

    private static PxciException stillLocked(ObservedContainer container, String lock, Duration wait) {
        int vmid = container.ref().vmid();
        String node = container.ref().node();
        String hint = "if no task is running for it (pvenode task list on node " + node + "), the lock is stale: clear it"
                + " with 'pct unlock " + vmid + "' on node " + node
                + (lock.equals("create") ? "; a create that never finished may have left the container half made, so"
                        + " check it (pct config " + vmid + ") or destroy it (pct destroy " + vmid + ") before the next run" : "");
        return new PxciException(ErrorCode.LOCKED, container.ref() + " is still locked (" + lock + ") after waiting "
                + human(wait), hint);
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
