package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.EngineOptions;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.run.RunReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NODE=auto decisions made in parallel see the ones made a moment earlier in the same run. */
class PlacementTest {
    private static final long GIB = 1L << 30;
    private final InMemoryPlatform platform = new InMemoryPlatform();

    private Engine engine(int parallelism) {
        return Pxci.builder().platform(platform).options(EngineOptions.DEFAULTS.withParallelism(parallelism)).build();
    }

    private Map<String, Long> perNode() {
        return platform.containers.values().stream().collect(Collectors.groupingBy(c -> c.ref().node(), TreeMap::new,
                Collectors.counting()));
    }

    private static String[] autoContainers(int count, int memoryMiB) {
        String[] envs = new String[count];
        for (int i = 0; i < count; i++) {
            envs[i] = env(301 + i, "ct" + i, "NODE=auto", "MEMORY=" + memoryMiB);
        }
        return envs;
    }

    @Test
    void fiveContainersInParallelSpreadOverThreeEqualNodes() {
        platform.nodeList = List.of(new NodeInfo("pve1", true, 8 * GIB, 8), new NodeInfo("pve2", true, 8 * GIB, 8),
                new NodeInfo("pve3", true, 8 * GIB, 8));

        RunReport report = engine(4).apply(deployment(autoContainers(5, 2048)), List.of());

        assertThat(report.succeeded()).isTrue();
        assertThat(perNode().values()).containsExactlyInAnyOrder(2L, 2L, 1L);
    }

    @Test
    void placementFollowsFreeMemoryLessWhatTheRunAlreadyPlaced() {
        platform.nodeList = List.of(new NodeInfo("big", true, 12 * GIB, 8), new NodeInfo("small", true, 5 * GIB, 8),
                new NodeInfo("down", false, 64 * GIB, 8));

        engine(4).apply(deployment(autoContainers(4, 4096)), List.of());

        assertThat(perNode()).containsExactly(Map.entry("big", 3L), Map.entry("small", 1L));
    }

    @Test
    void thePlanNamesTheNodeEachAutoContainerWouldGo() {
        platform.nodeList = List.of(new NodeInfo("pve1", true, 8 * GIB, 8), new NodeInfo("pve2", true, 8 * GIB, 8));

        RunReport plan = engine(1).plan(deployment(autoContainers(2, 2048)), List.of());

        assertThat(plan.stages().subList(0, 2)).extracting(s -> s.summary())
                .containsExactly("would create and start on node pve1 (NODE=auto)",
                        "would create and start on node pve2 (NODE=auto)");
        assertThat(platform.mutations).isEmpty();
    }
}
