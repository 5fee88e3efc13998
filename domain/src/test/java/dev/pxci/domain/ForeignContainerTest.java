package dev.pxci.domain;

import static dev.pxci.domain.Declarations.deployment;
import static dev.pxci.domain.Declarations.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.DeploymentRejected;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Origin;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.run.RunReport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A declared id that holds someone else's container: refused before any change, unless adopted. */
class ForeignContainerTest {
    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final Engine engine = Pxci.builder().platform(platform).build();

    /** Someone else's container 301 'db' with other settings (more memory, another host name). */
    private void someoneElses(Origin origin) {
        ContainerConfig theirs = deployment(env(301, "db", "MEMORY=4096")).containers().get(0).spec().config();
        platform.containers.put(301, new ObservedContainer(new ContainerRef(301, "pve"), theirs, PowerState.RUNNING,
                Optional.empty(), "r0", false, origin));
    }

    @Test
    void applyPlanVerifyAndDestroyRefuseSomeoneElsesContainerNamingItAndChangeNothing() {
        someoneElses(Origin.FOREIGN);
        Deployment mine = deployment(env(300, "web"), env(301, "app", "TERMINATE=yes", "UNPRIVILEGED=no"));

        for (Runnable run : List.<Runnable>of(() -> engine.apply(mine, List.of()), () -> engine.plan(mine, List.of()),
                () -> engine.verify(mine, List.of()), () -> engine.destroy(mine, false),
                () -> engine.apply(mine, List.of("bootstrap")))) {
            assertThatThrownBy(run::run).isInstanceOf(DeploymentRejected.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("ct1.env: ID 301 is CT 301 'db' on node pve")
                    .hasMessageContaining("pxci did not create")
                    .satisfies(e -> assertThat(((PxciException) e).hint()).hasValueSatisfying(
                            h -> assertThat(h).contains("ADOPT=yes")));
        }
        assertThat(platform.mutations).isEmpty();
        assertThat(platform.containers.get(301).config().hostname()).isEqualTo("db");
    }

    @Test
    void anAdoptedContainerIsManagedAndThePlanSaysItWasAdopted() {
        someoneElses(Origin.FOREIGN);
        Deployment adopted = deployment(env(301, "app", "ADOPT=yes"));

        RunReport plan = engine.plan(adopted, List.of("provision"));
        assertThat(plan.stages().get(0).evidence()).anySatisfy(e -> assertThat(e)
                .isEqualTo("adopted (ADOPT=yes): CT 301 was not created by pxci"));

        RunReport applied = engine.apply(adopted, List.of("provision"));
        assertThat(applied.succeeded()).as(applied.failure().orElse("")).isTrue();
        assertThat(platform.containers.get(301).config().hostname()).isEqualTo("app");
        assertThat(platform.mutations).containsExactly("reconfigure 301");
    }

    @Test
    void containersPxciMadeAndThoseOfPlatformsWithoutAMarkAreManagedAsBefore() {
        someoneElses(Origin.UNKNOWN);

        RunReport applied = engine.apply(deployment(env(301, "app"), env(302, "new")), List.of("provision"));

        assertThat(applied.succeeded()).as(applied.failure().orElse("")).isTrue();
        assertThat(platform.containers.get(302).origin()).isEqualTo(Origin.PXCI);
        assertThat(engine.apply(deployment(env(302, "new", "MEMORY=1024")), List.of("provision")).succeeded()).isTrue();
        assertThat(platform.containers.get(302).config().memoryMiB()).isEqualTo(1024);
    }
}
