package dev.pxci.it.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.ansible.internal.ExtraVars;
import dev.pxci.adapter.ansible.internal.Inventory;
import dev.pxci.adapter.ansible.internal.PlatformSettings;
import dev.pxci.adapter.ansible.internal.PlaybookInvocation;
import dev.pxci.adapter.ansible.internal.PlaybookResult;
import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.ansible.internal.ProvisionVars;
import dev.pxci.adapter.ansible.internal.ProxmoxEndpoint;
import dev.pxci.adapter.ansible.internal.TaskResult;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.sandbox.pve.PveSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/base's provisioning play as a user would run it (state 'started': create, then start),
 * by the real ansible-playbook against the Proxmox VE simulator: a second run changes nothing,
 * and so does a second 'absent'.
 */
class BasePlaybookIT {
    private static final Path BASE = PlatformSettings.findInRepository(Path.of("")).orElseThrow();

    @TempDir
    Path dir;

    @Test
    void provisioningPlayIsIdempotentInBothDirections() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start()) {
            ProxmoxEndpoint endpoint = ProxmoxEndpoint.from(Sandbox.ansible(sim, dir));
            ContainerSpec spec = Sandbox.spec(320, "playbook-ct");
            PlaybookRunner runner = new PlaybookRunner();

            PlaybookResult first = runner.run(play(endpoint, spec, "started"), (c, l) -> { });
            PlaybookResult second = runner.run(play(endpoint, spec, "started"), (c, l) -> { });
            PlaybookResult removed = runner.run(play(endpoint, spec, "absent"), (c, l) -> { });
            PlaybookResult removedAgain = runner.run(play(endpoint, spec, "absent"), (c, l) -> { });

            assertThat(first.succeeded()).isTrue();
            assertThat(first.changed()).extracting(TaskResult::task)
                    .containsExactly("base : Create the container", "base : Start the container");
            assertThat(second.succeeded()).isTrue();
            assertThat(second.changed()).isEmpty();
            assertThat(second.recap().get("localhost").changed()).isZero();
            assertThat(removed.changed()).extracting(TaskResult::task)
                    .containsExactly("base : Stop the container", "base : Destroy the container");
            assertThat(removedAgain.succeeded()).isTrue();
            assertThat(removedAgain.changed()).isEmpty();
        }
    }

    private static PlaybookInvocation play(ProxmoxEndpoint endpoint, ContainerSpec spec, String state) {
        ExtraVars vars = ProvisionVars.withConfig(ProvisionVars.base(endpoint, endpoint.caFile(), Duration.ofSeconds(60), state,
                spec.vmid(), spec.node()), spec.config())
                .put("base_container_ensure_exists", true)
                .put("base_container_template", spec.template())
                .put("base_container_pubkeys", spec.sshPublicKeys());
        return new PlaybookInvocation(state + " CT " + spec.vmid(), BASE, List.of(BASE.resolve("default.yml")),
                Inventory.localhost(), vars, false, List.of("provision"), Map.of(), Duration.ofMinutes(3));
    }
}
