package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code NODE=auto} through the CLI against a sandbox of three nodes ({@code --sandbox-nodes 3}):
 * five containers created four at a time spread over the nodes instead of piling onto the one
 * that looked roomiest when the run began.
 */
class SandboxPlacementIT {
    @TempDir
    Path project;

    @Test
    void fiveAutoPlacedContainersCreatedInParallelSpreadOverThreeNodes() throws IOException {
        Files.createDirectories(project.resolve("cts"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(project.resolve("cts/ct" + i + ".env"), "ID=" + (520 + i) + "\nHOSTNAME=auto" + i
                    + "\nIP=10.30.0." + (10 + i) + "/24\nNODE=auto\nMEMORY=8192\nMOUNT=\n");
        }

        InProcessCli.Result plan = InProcessCli.run(project, Map.of(), "plan", "--sandbox", "--sandbox-nodes", "3",
                "--config", "cts", "--stage", "provision");
        InProcessCli.Result apply = InProcessCli.run(project, Map.of(), "apply", "--sandbox", "--sandbox-nodes", "3",
                "--config", "cts", "--stage", "provision", "--parallelism", "4");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.stdout()).contains("on node pve (NODE=auto)", "on node pve2 (NODE=auto)", "on node pve3 (NODE=auto)");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        Map<String, Integer> perNode = new TreeMap<>();
        try (PveSimulator sim = PveSimulator.builder().stateDirectory(project.resolve(".pxci/sandbox/pve")).start()) {
            assertThat(sim.nodes()).containsExactly("pve", "pve2", "pve3");
            JsonNode resources = new ObjectMapper().readTree(Pve.call(sim, "GET", "/cluster/resources", Map.of())).get("data");
            for (JsonNode r : resources) {
                if (r.path("type").asText().equals("lxc")) {
                    perNode.merge(r.get("node").asText(), 1, Integer::sum);
                }
            }
        }
        assertThat(perNode.values()).as(perNode.toString()).containsExactlyInAnyOrder(2, 2, 1);
    }
}
