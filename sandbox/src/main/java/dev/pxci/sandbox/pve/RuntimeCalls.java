package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's part of each task, called from the task's work under the cluster's monitor: a
 * runtime failure becomes the task's {@code TASK ERROR}.
 */
final class RuntimeCalls {

    /** PVE's default time a shutdown may take before it counts as failed. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterState state;

    RuntimeCalls(ClusterState state) {
        this.state = state;
    }

    void create(Container container, String ostemplate, String sshPublicKeys, boolean start) {
        call(() -> {
            ContainerSpec spec = ContainerSpec.of(container, Optional.of(ostemplate), sshPublicKeys);
            state.runtime().create(spec);
            if (start) {
                state.runtime().start(spec);
            }
        });
    }

    void start(Container container) {
        call(() -> state.runtime().start(ContainerSpec.of(container, Optional.empty(), null)));
    }

    /** {@code vzstop} stops at once; {@code vzshutdown} waits up to the call's {@code timeout} seconds. */
    void stop(Container container, String workerType, Map<String, String> params) {
        Duration timeout = workerType.equals("vzstop") ? Duration.ZERO
                : Optional.ofNullable(params.get("timeout")).map(Long::parseLong).map(Duration::ofSeconds)
                        .orElse(SHUTDOWN_TIMEOUT);
        call(() -> state.runtime().stop(container.vmid(), timeout));
    }

    void reboot(Container container) {
        call(() -> {
            state.runtime().stop(container.vmid(), SHUTDOWN_TIMEOUT);
            state.runtime().start(ContainerSpec.of(container, Optional.empty(), null));
        });
    }

    void destroy(Container container) {
        List<String> volumes = container.volumes().stream().filter(v -> v != null && !v.startsWith("/")).toList();
        call(() -> state.runtime().destroy(container.vmid(), volumes));
    }

    /** A synchronous {@code PUT config}: a runtime failure is the call's error, not a task's. */
    void reconfigure(Container container) {
        try {
            state.runtime().reconfigure(ContainerSpec.of(container, Optional.empty(), null));
        } catch (ContainerRuntime.Failure failure) {
            throw PveApiException.serverError(failure.getMessage());
        }
    }

    void moveVolume(String volume, String renamed) {
        call(() -> state.runtime().moveVolume(volume, renamed));
    }

    private static void call(Runnable action) {
        try {
            action.run();
        } catch (ContainerRuntime.Failure failure) {
            throw new TaskWork.Failure(failure.getMessage());
        }
    }
}
