package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageReport;
import dev.pxci.sandbox.pve.PveFaults;
import dev.pxci.sandbox.pve.PveSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replacements that Proxmox VE refuses, tried against the sandbox through the engine and the
 * proxmox adapter: the old container is still there afterwards, whether the refusal is known in
 * advance (nothing is destroyed) or only at create time (the container comes back from its backup).
 */
class SafeReplacementIT {
    private PveSimulator sim;
    private ContainerPlatform platform;
    private Engine engine;

    @BeforeEach
    void start() {
        sim = Pve.simulator();
        platform = Pve.platform(sim, Map.of());
        engine = Pxci.builder().platform(platform).build();
    }

    @AfterEach
    void stop() {
        platform.close();
        sim.close();
    }

    private static Deployment declared(int vmid, String... lines) {
        StringBuilder env = new StringBuilder("ID=" + vmid + "\nHOSTNAME=web\nIP=10.9.0.5/24\nNODE=pve\nMOUNT=share:2\n");
        for (String line : lines) {
            env.append(line).append('\n');
        }
        return DeploymentLoader.single(new SourceText("ct.env", env.toString()));
    }

    private static StageReport provision(RunReport report) {
        return report.stages().stream().filter(s -> s.stage().equals("provision")).findFirst().orElseThrow();
    }

    private ObservedContainer existing(int vmid) {
        assertThat(engine.apply(declared(vmid, "UNPRIVILEGED=yes", "FEATURES=nesting"), List.of()).succeeded()).isTrue();
        return platform.find(vmid).orElseThrow();
    }

    @Test
    void privilegedWithFeaturesThroughATokenIsRefusedBeforeAnythingIsDestroyed() {
        ObservedContainer before = existing(801);
        long writes = Pve.writes(sim);
        Deployment privileged = declared(801, "UNPRIVILEGED=no", "FEATURES=nesting", "TERMINATE=yes");

        StageReport planned = provision(engine.plan(privileged, List.of()));
        RunReport applied = engine.apply(privileged, List.of());

        assertThat(planned.summary()).contains("would replace", "nothing would be destroyed",
                "feature flags of a privileged container can only be changed by root@pam", sim.tokenId());
        assertThat(planned.changes()).contains("unprivileged: 1 -> 0 (needs replacement)");
        assertThat(applied.succeeded()).isFalse();
        assertThat(applied.failure().orElseThrow()).contains("needs replacement", "root@pam", "left as it is");
        assertThat(Pve.writes(sim)).as("no backup, no destroy, no create").isEqualTo(writes);
        ObservedContainer after = platform.find(801).orElseThrow();
        assertThat(after.revision()).isEqualTo(before.revision());
        assertThat(after.power()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aRootDiskOnAStorageWithoutContainerDirectoriesIsRefusedBeforeAnythingIsDestroyed() {
        ObservedContainer before = existing(802);
        long writes = Pve.writes(sim);
        Deployment onLocal = declared(802, "UNPRIVILEGED=yes", "FEATURES=nesting", "DISK=local:16", "TERMINATE=yes");

        StageReport planned = provision(engine.plan(onLocal, List.of()));
        RunReport applied = engine.apply(onLocal, List.of());

        assertThat(planned.summary()).contains("storage 'local' does not support container directories", "local-lvm");
        assertThat(applied.failure().orElseThrow()).contains("storage 'local' does not support container directories");
        assertThat(Pve.writes(sim)).isEqualTo(writes);
        assertThat(platform.find(802).orElseThrow().revision()).isEqualTo(before.revision());
    }

    @Test
    void aReplacementWhoseCreateFailsBringsTheOldContainerBackFromItsBackupWithItsShare() {
        ObservedContainer before = existing(803);
        sim.faults().taskFault(PveFaults.TaskFault.failing("vzcreate", 803, "unable to create CT 803 - disk quota exceeded",
                List.of()));

        RunReport applied = engine.apply(declared(803, "UNPRIVILEGED=no", "FEATURES=", "TERMINATE=yes"), List.of());

        assertThat(applied.succeeded()).isFalse();
        assertThat(applied.failure().orElseThrow()).contains("restored from its backup local:backup/vzdump-lxc-803-",
                "disk quota exceeded");
        ObservedContainer after = platform.find(803).orElseThrow();
        assertThat(after.config().unprivileged()).isTrue();
        assertThat(after.config().features()).isEqualTo(before.config().features());
        assertThat(after.config().mounts()).containsExactly(new MountPoint(0, "local-lvm", 2, "/share", true));
        assertThat(after.power()).isEqualTo(PowerState.RUNNING);
        assertThat(Pve.call(sim, "GET", "/cluster/resources", Map.of("type", "vm"))).as("the share holder is gone")
                .doesNotContain("pxci-shares-803");
    }

    @Test
    void aReplacementProxmoxAcceptsIsBackedUpFirstAndThenMade() {
        existing(804);

        RunReport applied = engine.apply(declared(804, "UNPRIVILEGED=no", "FEATURES=", "TERMINATE=yes"), List.of());

        assertThat(applied.succeeded()).as(String.valueOf(applied.failure())).isTrue();
        assertThat(provision(applied).evidence()).anyMatch(line -> line.startsWith("backup local:backup/vzdump-lxc-804-"));
        assertThat(platform.find(804).orElseThrow().config().unprivileged()).isFalse();
        assertThat(platform.find(804).orElseThrow().config().mounts())
                .containsExactly(new MountPoint(0, "local-lvm", 2, "/share", true));
    }
}
