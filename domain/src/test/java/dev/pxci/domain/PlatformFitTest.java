package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.DeploymentRejected;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.run.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deployment naming a node or template the platform lacks is refused before anything changes. */
class PlatformFitTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final Engine engine = Pxci.builder().platform(platform).build();

    @Test
    void aTemplateTheNodeDoesNotHaveIsRefusedBeforeAnyContainerIsCreated() {
        var d = deployment(env(101, "one"), env(102, "two", "TEMPLATE=local:vztmpl/debian-13-standard_13.0-1_amd64.tar.zst"));

        assertThatThrownBy(() -> engine.apply(d, List.of())).isInstanceOfSatisfying(DeploymentRejected.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("ct1.env: TEMPLATE local:vztmpl/debian-13-standard_13.0-1_amd64.tar.zst is"
                    + " not on node pve; it has local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst, and its appliance"
                    + " index does not offer debian-13-standard_13.0-1_amd64.tar.zst");
            assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("pveam download local debian-13-standard"));
        });
        assertThat(platform.mutations).isEmpty();
        assertThatThrownBy(() -> engine.plan(d, List.of())).isInstanceOf(DeploymentRejected.class);
    }

    @Test
    void aTemplateInTheNodesApplianceIndexIsDownloadedOnceBeforeTheContainersAreCreated() {
        platform.appliances.add("debian-13-standard_13.1-2_amd64.tar.zst");
        String debian13 = "TEMPLATE=local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst";
        var d = deployment(env(101, "one", debian13), env(102, "two", debian13), env(103, "three"));

        RunReport plan = engine.plan(d, List.of("provision"));
        assertThat(platform.mutations).isEmpty();
        assertThat(plan.stages().get(0).changes()).contains("download template debian-13-standard_13.1-2_amd64.tar.zst"
                + " to local on pve");

        RunReport report = engine.apply(d, List.of("provision"));

        assertThat(report.succeeded()).isTrue();
        assertThat(platform.mutations).containsOnlyOnce("download local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst");
        assertThat(platform.mutations.indexOf("download local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst"))
                .isLessThan(platform.mutations.indexOf("create 101"));
        assertThat(report.stages()).filteredOn(s -> s.target().equals("103 three"))
                .allSatisfy(s -> assertThat(s.changes()).noneMatch(ch -> ch.startsWith("download")));
        assertThat(engine.apply(d, List.of("provision")).changedAnything()).isFalse();
    }

    @Test
    void withTemplateDownloadOffAMissingTemplateIsRefusedEvenWhenTheIndexHasIt() {
        platform.appliances.add("debian-13-standard_13.1-2_amd64.tar.zst");
        var d = deployment(env(101, "one", "TEMPLATE=debian-13-standard_13.1-2_amd64.tar.zst", "TEMPLATE_DOWNLOAD=no"));

        assertThatThrownBy(() -> engine.apply(d, List.of())).isInstanceOf(DeploymentRejected.class);
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void aBareTemplateFileNameIsFoundInTheNodesStorages() {
        RunReport report = engine.apply(deployment(env(101, "one", "TEMPLATE=debian-12-standard_12.7-1_amd64.tar.zst")),
                List.of("provision"));

        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void aNodeTheClusterDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> engine.apply(deployment(env(101, "one", "NODE=pve2")), List.of()))
                .isInstanceOfSatisfying(DeploymentRejected.class, e ->
                        assertThat(e.getMessage()).contains("ct0.env: NODE pve2 is not a node of the cluster (nodes: pve)"));
        assertThat(platform.mutations).isEmpty();
    }

    @Test
    void theTemplateOfAContainerThatExistsIsNotLookedAt() {
        engine.apply(deployment(env(101, "one")), List.of("provision"));

        RunReport again = engine.apply(deployment(env(101, "one", "TEMPLATE=local:vztmpl/gone.tar.zst")), List.of("provision"));

        assertThat(again.succeeded()).isTrue();
        assertThat(again.changedAnything()).isFalse();
    }
}
