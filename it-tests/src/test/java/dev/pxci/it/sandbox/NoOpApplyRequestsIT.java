package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.cli.Cli;
import dev.pxci.cli.Console;
import dev.pxci.sandbox.pve.PveSimulator;
import dev.pxci.sandbox.pve.TaskDurations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code pxci apply --stage provision} asks of Proxmox VE, counted by the simulator: a cold
 * apply writes exactly a create and a start per container; the no-op after it only reads, one
 * cluster listing and one pending list (which carries the config) per container plus the
 * version, within N + 3 requests.
 */
class NoOpApplyRequestsIT {
    private static final int CONTAINERS = 20;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void aNoOpApplyOnlyReadsAtMostOneRequestPerContainerPlusThree() throws IOException {
        Path deployment = Files.createDirectories(dir.resolve("deployment"));
        Files.writeString(deployment.resolve("defaults.env"), "IP=dhcp\nCORES=1\nMEMORY=512\nTAGS=pxci\n");
        for (int i = 0; i < CONTAINERS; i++) {
            Files.writeString(deployment.resolve("ct" + (3000 + i) + ".env"), "ID=" + (3000 + i) + "\nHOSTNAME=ct" + (3000 + i) + "\n");
        }
        try (PveSimulator sim = PveSimulator.builder().taskDurations(TaskDurations.uniform(Duration.ZERO)).start()) {
            Map<String, String> env = Map.of(
                    "PXCI_PROXMOX_URL", sim.baseUrl(),
                    "PXCI_PROXMOX_TOKEN", sim.tokenId(),
                    "PXCI_PROXMOX_SECRET", sim.tokenSecret(),
                    "PXCI_PROXMOX_FINGERPRINT", sim.fingerprint());

            assertThat(apply(env)).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("apply succeeded: " + CONTAINERS + " changed");
            Map<String, Long> cold = sim.requestCounts();
            assertThat(cold.get("POST")).as("one create and one start per container").isEqualTo(2L * CONTAINERS);
            assertThat(cold).doesNotContainKeys("PUT", "DELETE");

            sim.resetCounts();
            assertThat(apply(env)).as(out.toString(StandardCharsets.UTF_8)).isZero();

            assertThat(out.toString(StandardCharsets.UTF_8)).contains("apply succeeded: 0 changed, " + CONTAINERS + " unchanged");
            Map<String, Long> noOp = sim.requestCounts();
            assertThat(noOp.keySet()).as("a no-op only reads").containsOnly("GET");
            assertThat(noOp.get("GET")).isBetween((long) CONTAINERS, CONTAINERS + 3L);
        }
    }

    private int apply(Map<String, String> env) {
        out.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Console console = new Console(print, print, env, false, dir, new ByteArrayInputStream(new byte[0]));
        return Cli.run(new String[] {"apply", "--stage", "provision", "--config", "deployment", "--parallelism", "4"}, console);
    }
}
