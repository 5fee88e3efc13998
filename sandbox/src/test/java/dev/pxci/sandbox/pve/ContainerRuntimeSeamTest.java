package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the simulator does with a runtime behind it: hands it each container, reports what it observes, passes on its failures. */
class ContainerRuntimeSeamTest {

    private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    /** A runtime that records what it is asked and whose start fails when told to. */
    static final class RecordingRuntime implements ContainerRuntime {
        final List<String> calls = new ArrayList<>();
        final List<ContainerSpec> specs = new ArrayList<>();
        String startFailure;
        boolean running;

        @Override
        public boolean runsProcesses() {
            return true;
        }

        @Override
        public Optional<String> macFor(String ip) {
            return Optional.of("BC:24:11:63:00:2A");
        }

        @Override
        public void create(ContainerSpec spec) {
            calls.add("create " + spec.vmid());
            specs.add(spec);
        }

        @Override
        public void start(ContainerSpec spec) {
            calls.add("start " + spec.vmid());
            if (startFailure != null) {
                throw new Failure(startFailure);
            }
            running = true;
        }

        @Override
        public void reconfigure(ContainerSpec spec) {
            calls.add("reconfigure " + spec.vmid() + " memory " + spec.memoryMib() + " cores " + spec.cores());
        }

        @Override
        public void stop(int vmid, Duration timeout) {
            calls.add("stop " + vmid + " " + timeout.toSeconds());
            running = false;
        }

        @Override
        public void destroy(int vmid, List<String> volumes) {
            calls.add("destroy " + vmid + " " + volumes);
        }

        @Override
        public void moveVolume(String volume, String renamed) {
            calls.add("move " + volume + " " + renamed);
        }

        @Override
        public Optional<Observation> observe(int vmid) {
            return Optional.of(new Observation(running, 25L << 20));
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private final RecordingRuntime runtime = new RecordingRuntime();
    private final PveSimulator sim = PveSimulator.builder().runtime(runtime).seed(3L).start();
    private final PveTestClient client = new PveTestClient(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    private String create(String... extra) {
        List<String> form = new ArrayList<>(List.of("vmid", "300", "ostemplate", TEMPLATE, "hostname", "ci",
                "memory", "1024", "cores", "2", "unprivileged", "1", "rootfs", "local-lvm:8",
                "mp0", "local-lvm:2,mp=/share", "net0", "name=eth0,bridge=vmbr0,ip=10.99.0.42/24",
                "ssh-public-keys", "ssh-ed25519 AAAAC3Nza ci"));
        form.addAll(List.of(extra));
        PveTestClient.Reply created = client.post("/nodes/pve/lxc", form.toArray(String[]::new));
        assertThat(created.status()).isEqualTo(200);
        return client.awaitTask(created.data().asText()).get("exitstatus").asText();
    }

    @Test
    void theRuntimeGetsTheContainerAsDeclaredWithItsVolumesAllocated() {
        assertThat(create()).isEqualTo("OK");

        ContainerSpec spec = runtime.specs.get(0);
        assertThat(spec.vmid()).isEqualTo(300);
        assertThat(spec.hostname()).isEqualTo("ci");
        assertThat(spec.template()).contains(TEMPLATE);
        assertThat(spec.unprivileged()).isTrue();
        assertThat(spec.cores()).isEqualTo(2);
        assertThat(spec.memoryMib()).isEqualTo(1024);
        assertThat(spec.rootfs().volume()).isEqualTo("local-lvm:vm-300-disk-0");
        assertThat(spec.mounts()).singleElement().satisfies(mp -> {
            assertThat(mp.volume()).isEqualTo("local-lvm:vm-300-disk-1");
            assertThat(mp.path()).isEqualTo("/share");
        });
        assertThat(spec.nics()).singleElement().satisfies(nic -> {
            assertThat(nic.ip()).contains("10.99.0.42/24");
            assertThat(nic.mac()).as("the runtime's fixed MAC").isEqualTo("BC:24:11:63:00:2A");
        });
        assertThat(spec.sshPublicKeys()).containsExactly("ssh-ed25519 AAAAC3Nza ci");
        assertThat(client.get("/version").data().get("container-processes").asInt()).isEqualTo(1);
    }

    @Test
    void statusIsWhatTheRuntimeObservesAndAFailedStartIsATaskError() {
        create();
        runtime.startFailure = "lxc-start failed: no init";

        PveTestClient.Reply start = client.post("/nodes/pve/lxc/300/status/start");

        assertThat(client.awaitTask(start.data().asText()).get("exitstatus").asText())
                .isEqualTo("lxc-start failed: no init");
        assertThat(client.get("/nodes/pve/lxc/300/status/current").data().get("status").asText()).isEqualTo("stopped");

        runtime.startFailure = null;
        client.awaitTask(client.post("/nodes/pve/lxc/300/status/start").data().asText());
        var current = client.get("/nodes/pve/lxc/300/status/current").data();
        assertThat(current.get("status").asText()).isEqualTo("running");
        assertThat(current.get("mem").asLong()).isEqualTo(25L << 20);
        assertThat(client.get("/cluster/resources", "type", "vm").data().get(0).get("status").asText())
                .isEqualTo("running");
    }

    @Test
    void aChangedConfigReachesTheRuntimeAtOnce() {
        create("start", "1");

        assertThat(client.put("/nodes/pve/lxc/300/config", "memory", "2048", "cores", "1").status()).isEqualTo(200);

        assertThat(runtime.calls).endsWith("reconfigure 300 memory 2048 cores 1");
    }

    @Test
    void shutdownStopAndDestroyReachTheRuntime() {
        create("start", "1");
        client.awaitTask(client.post("/nodes/pve/lxc/300/status/shutdown", "timeout", "20").data().asText());
        client.awaitTask(client.post("/nodes/pve/lxc/300/status/start").data().asText());
        client.awaitTask(client.post("/nodes/pve/lxc/300/status/stop").data().asText());
        client.awaitTask(client.delete("/nodes/pve/lxc/300").data().asText());

        assertThat(runtime.calls).startsWith("create 300", "start 300", "stop 300 20", "start 300", "stop 300 0");
        assertThat(runtime.calls.get(5)).startsWith("destroy 300 [").contains("local-lvm:vm-300-disk-0")
                .contains("local-lvm:vm-300-disk-1");
        assertThat(runtime.calls).hasSize(6);
    }
}
