package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatePersistenceTest {

    @TempDir
    Path stateDir;

    @Test
    void clusterSecretsAndCertificateSurviveARestart() throws IOException {
        String tokenSecret;
        String password;
        String fingerprint;
        String upid;
        String config;
        try (PveSimulator first = PveSimulator.builder().stateDirectory(stateDir).start()) {
            PveTestClient client = new PveTestClient(first);
            upid = client.createContainer(600, "memory", "768");
            String start = client.post("/nodes/pve/lxc/600/status/start").data().asText();
            client.awaitTask(start);
            config = client.get("/nodes/pve/lxc/600/config").data().toString();
            tokenSecret = first.tokenSecret();
            password = first.rootPassword();
            fingerprint = first.fingerprint();
            assertThat(first.certificateFile()).contains(stateDir.resolve("pve-ssl.pem"));
            assertThat(Files.readString(stateDir.resolve("pve-ssl.pem"))).isEqualTo(first.certificatePem());
        }

        try (PveSimulator second = PveSimulator.builder().stateDirectory(stateDir).start()) {
            assertThat(second.tokenSecret()).isEqualTo(tokenSecret);
            assertThat(second.rootPassword()).isEqualTo(password);
            assertThat(second.fingerprint()).isEqualTo(fingerprint);
            PveTestClient client = new PveTestClient(second);
            assertThat(client.get("/nodes/pve/lxc/600/config").data().toString()).isEqualTo(config);
            assertThat(client.get("/nodes/pve/lxc/600/status/current").data().get("status").asText()).isEqualTo("running");
            JsonNode task = client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/status").data();
            assertThat(task.get("exitstatus").asText()).isEqualTo("OK");
            assertThat(client.get("/cluster/nextid", "vmid", "600").status()).isEqualTo(400);
        }
    }

    @Test
    void stateIsWrittenAtomicallyAndTheKeyIsPrivate() throws IOException {
        try (PveSimulator sim = PveSimulator.builder().stateDirectory(stateDir).start()) {
            new PveTestClient(sim).createContainer(610);
        }

        try (Stream<Path> files = Files.list(stateDir)) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted().toList())
                    .isEqualTo(List.of("pve-cluster.json", "pve-ssl.key", "pve-ssl.pem"));
        }
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("pve-ssl.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        JsonNode state = PveTestClient.JSON.readTree(stateDir.resolve("pve-cluster.json").toFile());
        assertThat(state.get("containers").get(0).get("vmid").asInt()).isEqualTo(610);
    }

    @Test
    void closingFinishesRunningTasksSoNoLockIsLeftBehind() {
        try (PveSimulator sim = PveSimulator.builder().stateDirectory(stateDir)
                .taskDurations(TaskDurations.defaults().create(java.time.Duration.ofMinutes(5))).start()) {
            PveTestClient client = new PveTestClient(sim);
            client.post("/nodes/pve/lxc", "vmid", "620",
                    "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
            assertThat(client.get("/nodes/pve/lxc/620/status/current").data().get("lock").asText()).isEqualTo("create");
        }

        try (PveSimulator sim = PveSimulator.builder().stateDirectory(stateDir).start()) {
            JsonNode status = new PveTestClient(sim).get("/nodes/pve/lxc/620/status/current").data();
            assertThat(status.has("lock")).isFalse();
        }
    }

    @Test
    void aCreateInterruptedByTheProcessDyingEndsWithItsLockAndLeavesNoContainer(@TempDir Path copy) throws IOException {
        try (PveSimulator sim = PveSimulator.builder().stateDirectory(stateDir).start()) {
            PveTestClient client = new PveTestClient(sim);
            client.createContainer(621);
            sim.faults().slowTask(new PveFaults.SlowTask("vzcreate", 622, 300_000, 1));
            client.post("/nodes/pve/lxc", "vmid", "622",
                    "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
            // the state as a process killed after its next write leaves it: the create still running
            awaitWrittenTaskOf(622);
            try (Stream<Path> files = Files.list(stateDir)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }

        try (PveSimulator sim = PveSimulator.builder().stateDirectory(copy).start()) {
            PveTestClient client = new PveTestClient(sim);
            assertThat(client.get("/nodes/pve/lxc/622/status/current").status()).isEqualTo(500);
            assertThat(client.get("/nodes/pve/lxc/621/status/current").data().has("lock")).isFalse();
            JsonNode tasks = client.get("/nodes/pve/tasks", "vmid", "622").data();
            assertThat(tasks.get(0).get("status").asText()).contains("task interrupted");
            assertThat(client.get("/cluster/nextid", "vmid", "622").status()).as("the id is free again").isEqualTo(200);
        }
    }

    @Test
    void withoutAStateDirectoryEveryStartIsFresh() {
        try (PveSimulator sim = PveSimulator.builder().start()) {
            new PveTestClient(sim).createContainer(630);
            assertThat(sim.certificateFile()).isEmpty();
        }
        try (PveSimulator sim = PveSimulator.builder().start()) {
            assertThat(new PveTestClient(sim).get("/nodes/pve/lxc").data()).isEmpty();
        }
    }

    /** Waits until the state file holds a running task of {@code vmid}: it is written in the background. */
    private void awaitWrittenTaskOf(int vmid) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode tasks = PveTestClient.JSON.readTree(stateDir.resolve(StateStore.FILE_NAME).toFile()).get("tasks");
            for (JsonNode task : tasks) {
                if (task.get("id").asText().equals(Integer.toString(vmid)) && !task.get("finished").asBoolean()) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("the task of " + vmid + " is written within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
