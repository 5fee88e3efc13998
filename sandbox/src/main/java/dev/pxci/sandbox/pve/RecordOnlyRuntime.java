package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The simulator's own runtime: a container is its config file and a power flag; no process runs. */
final class RecordOnlyRuntime implements ContainerRuntime {

    static final RecordOnlyRuntime INSTANCE = new RecordOnlyRuntime();

    private RecordOnlyRuntime() {
    }

    @Override
    public boolean runsProcesses() {
        return false;
    }

    @Override
    public void create(ContainerSpec spec) {
        // the record is the container
    }

    @Override
    public void start(ContainerSpec spec) {
        // the power flag is the container's state
    }

    @Override
    public void stop(int vmid, Duration timeout) {
        // the power flag is the container's state
    }

    @Override
    public void destroy(int vmid, List<String> volumes) {
        // removing the record removes the container
    }

    @Override
    public void moveVolume(String volume, String renamed) {
        // volumes are names in configs
    }

    @Override
    public Optional<Observation> observe(int vmid) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // holds nothing
    }
}
