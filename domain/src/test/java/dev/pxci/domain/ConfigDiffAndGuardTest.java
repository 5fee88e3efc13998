package dev.pxci.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.fakes.InMemoryPlatform;
import dev.pxci.domain.stage.RecursionGuard;
import dev.pxci.domain.plan.ConfigDiff;
import dev.pxci.domain.plan.FieldChange;
import dev.pxci.domain.plan.Mutability;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDiffAndGuardTest {

    private static ContainerConfig config(String... lines) {
        ContainerDeclaration c = Declarations.deployment(Declarations.env(101, "box", lines)).containers().get(0);
        return c.spec().config();
    }

    @Test
    void growingADiskIsInPlaceButShrinkingOrMovingItNeedsReplacement() {
        List<FieldChange> grow = ConfigDiff.between(config("DISK=local-lvm:8"), config("DISK=local-lvm:16"));
        List<FieldChange> shrink = ConfigDiff.between(config("DISK=local-lvm:16"), config("DISK=local-lvm:8"));
        List<FieldChange> move = ConfigDiff.between(config("DISK=local-lvm:8"), config("DISK=zfs:8"));

        assertThat(grow).extracting(FieldChange::mutability).containsExactly(Mutability.IN_PLACE);
        assertThat(shrink).extracting(FieldChange::mutability).containsExactly(Mutability.REPLACE);
        assertThat(move).extracting(FieldChange::field).containsExactly("rootfs.storage");
    }

    @Test
    void addingAShareIsInPlaceAndNetworkChangesAreDescribed() {
        List<FieldChange> changes = ConfigDiff.between(config("VLAN=10"), config("MOUNT=share:4", "VLAN=20"));

        assertThat(changes).extracting(FieldChange::toString).containsExactly(
                "mp0: absent -> local-lvm:4G at /share",
                "net0: eth0 on vmbr0 10.0.0.101/24 vlan 10 -> eth0 on vmbr0 10.0.0.101/24 vlan 20");
    }

    @Test
    void identicalConfigsHaveNoDifference() {
        assertThat(ConfigDiff.between(config("TAGS=a,b"), config("TAGS=b,a"))).isEmpty();
    }

    @Test
    void recursionGuardStopsAtTheDepthLimitAndForItself() {
        RecursionGuard atLimit = new RecursionGuard(2, 2, Optional.empty());
        RecursionGuard inside = new RecursionGuard(0, 2, Optional.of("pve/254"));

        assertThat(atLimit.decide("pve/254").trigger()).isFalse();
        assertThat(atLimit.decide("pve/254").reason()).contains("depth 2 reached the limit 2");
        assertThat(inside.decide("pve/254").trigger()).isFalse();
        assertThat(inside.decide("pve/254").reason()).contains("is the container this run executes in");
        assertThat(inside.decide("pve/300").trigger()).isTrue();
    }

    @Test
    void anUnknownOrAmbiguousAdapterNameIsAnErrorListingWhatWasFound() {
        AdapterRegistry registry = new AdapterRegistry(List.of(new NamedFactory("proxmox"), new NamedFactory("ansible"),
                new NamedFactory("ansible")));

        assertThatThrownBy(() -> registry.find(ContainerPlatform.class, "proxmux"))
                .hasMessage("no ContainerPlatform adapter named 'proxmux'")
                .satisfies(e -> assertThat(((dev.pxci.ports.PxciException) e).hint()).contains("available: [ansible, ansible, proxmox]"));
        assertThatThrownBy(() -> registry.find(ContainerPlatform.class, "ansible"))
                .hasMessageContaining("is ambiguous");
        assertThat(registry.find(ContainerPlatform.class, "proxmox").name()).isEqualTo("proxmox");
    }

    private static final class NamedFactory implements AdapterFactory<ContainerPlatform> {
        private final String name;

        NamedFactory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<ContainerPlatform> port() {
            return ContainerPlatform.class;
        }

        @Override
        public String description() {
            return "test factory";
        }

        @Override
        public List<ConfigKey> configKeys() {
            return List.of();
        }

        @Override
        public ContainerPlatform create(AdapterConfig config) {
            return new InMemoryPlatform();
        }
    }
}
