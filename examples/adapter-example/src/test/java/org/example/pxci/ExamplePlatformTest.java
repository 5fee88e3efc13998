package org.example.pxci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.spi.AdapterConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExamplePlatformTest {
    private final ContainerPlatform platform = new ExamplePlatformFactory()
            .create(new AdapterConfig(Map.of("example.node", "lab"), Map.of()));

    @Test
    void aCreatedContainerIsObservedAsDeclaredAndStartsOnce() {
        ContainerConfig config = new ContainerConfig("ci", 2, 512, 0, new RootDisk("local-lvm", 8), List.of(), List.of(),
                Features.NONE, true, List.of("pxci"), false, Optional.empty());

        var created = platform.create(new ContainerSpec(ContainerSpec.ANY_ID, ContainerSpec.AUTO_NODE,
                ExamplePlatform.TEMPLATE, config, List.of(), true));
        platform.start(created.container());
        platform.start(created.container());

        var observed = platform.observe(Set.of(created.container().vmid(), 999));
        assertThat(observed).containsOnlyKeys(100);
        assertThat(observed.get(100).config()).isEqualTo(config);
        assertThat(observed.get(100).power()).isEqualTo(PowerState.RUNNING);
        assertThat(observed.get(100).ref().node()).isEqualTo("lab");
        assertThat(platform.create(new ContainerSpec(ContainerSpec.ANY_ID, ContainerSpec.AUTO_NODE, ExamplePlatform.TEMPLATE,
                config, List.of(), true)).container().vmid()).as("the next free id").isEqualTo(101);
        assertThat(platform.info().runsContainerProcesses()).as("its containers are records").isFalse();
    }

    @Test
    void anOperationOnAMissingContainerIsNotFound() {
        assertThatThrownBy(() -> platform.start(new dev.pxci.ports.platform.ContainerRef(300, "lab")))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
