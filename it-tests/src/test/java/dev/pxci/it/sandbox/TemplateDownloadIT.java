package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.adapter.proxmox.ProxmoxPlatformFactory;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.pve.PveSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A container declared from a template the node lacks but its appliance index offers: the proxmox
 * adapter downloads it through {@code POST aplinfo} first, then creates from it; the next apply
 * neither downloads nor creates again.
 */
class TemplateDownloadIT {
    private static final String ALPINE = "alpine-3.22-default_20250617_amd64.tar.xz";

    @Test
    void aTemplateFromTheApplianceIndexIsDownloadedOnceAndUsed() {
        try (PveSimulator sim = PveSimulator.builder().port(0).start()) {
            AdapterConfig settings = new AdapterConfig(
                    Map.of("proxmox.url", sim.baseUrl(), "proxmox.token", sim.tokenId(), "proxmox.fingerprint", sim.fingerprint()),
                    Map.of("proxmox.secret", Secret.of(sim.tokenSecret())));
            Engine engine = Pxci.builder().platform("proxmox", settings).build();
            Deployment deployment = DeploymentLoader.single(new SourceText("config.env",
                    "ID=420\nHOSTNAME=alpine\nIP=dhcp\nTEMPLATE=" + ALPINE + "\n"));

            RunReport plan = engine.plan(deployment, List.of("provision"));
            assertThat(plan.stages().get(0).changes()).contains("download template " + ALPINE + " to local on pve");
            assertThat(sim.requestCounts()).containsOnlyKeys("GET");

            RunReport first = engine.apply(deployment, List.of("provision"));

            assertThat(first.succeeded()).as(first.failure().orElse("")).isTrue();
            assertThat(first.stages().get(0).changes()).first().isEqualTo("download template " + ALPINE + " to local on pve");
            try (ContainerPlatform platform = new ProxmoxPlatformFactory().create(settings)) {
                assertThat(platform.templates("pve")).contains("local:vztmpl/" + ALPINE);
                assertThat(platform.find(420).orElseThrow().config().hostname()).isEqualTo("alpine");
            }

            long writes = sim.requestCounts().getOrDefault("POST", 0L);
            RunReport second = engine.apply(deployment, List.of("provision"));
            assertThat(second.changedAnything()).isFalse();
            assertThat(sim.requestCounts().getOrDefault("POST", 0L)).isEqualTo(writes);
        }
    }
}
