package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Origin;
import dev.pxci.sandbox.pve.PveSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A declared ID that holds a container someone else made (created through the API without pxci's
 * mark), met by the real CLI against the sandbox: apply, destroy and plan refuse it with exit 2,
 * naming it, and change nothing; {@code ADOPT=yes} lets pxci manage it, and plan says so.
 */
class ForeignContainersIT {
    @TempDir
    Path dir;

    private PveSimulator sim;
    private ContainerPlatform platform;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        sim = Pve.simulator();
        platform = Pve.platform(sim, Map.of());
        env = Map.of("PXCI_PROXMOX_URL", sim.baseUrl(), "PXCI_PROXMOX_TOKEN", sim.tokenId(),
                "PXCI_PROXMOX_SECRET", sim.tokenSecret(), "PXCI_PROXMOX_FINGERPRINT", sim.fingerprint());
    }

    @AfterEach
    void stop() {
        platform.close();
        sim.close();
    }

    /** CT 640 'theirs', made by someone else straight through the API, with a description of their own. */
    private ObservedContainer someoneElses() throws InterruptedException {
        Pve.call(sim, "POST", "/nodes/pve/lxc", Map.of("vmid", "640", "hostname", "theirs", "memory", "2048",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4",
                "description", "the database of team blue"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (long pause = 10; System.nanoTime() < deadline; pause = Math.min(pause * 2, 200)) {
            ObservedContainer o = platform.find(640).orElse(null);
            if (o != null && o.lock().isEmpty()) {
                return o;
            }
            Thread.sleep(pause);
        }
        throw new AssertionError("the create of CT 640 did not end within 10 s");
    }

    private InProcessCli.Result pxci(String declaration, String... args) throws Exception {
        Files.writeString(dir.resolve("ct.env"), declaration);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = "ct.env";
        return InProcessCli.run(dir, env, all);
    }

    @Test
    void applyDestroyAndPlanRefuseItBeforeAnyChangeNamingIt() throws Exception {
        ObservedContainer before = someoneElses();
        assertThat(before.origin()).isEqualTo(Origin.FOREIGN);
        long writes = Pve.writes(sim);
        String mine = "ID=640\nHOSTNAME=web\nIP=10.9.0.40/24\nMEMORY=512\nTERMINATE=yes\nUNPRIVILEGED=no\n";

        for (String[] args : new String[][] {{"apply", "--stage", "provision"}, {"apply"}, {"plan"},
                {"destroy", "--yes"}, {"destroy", "--yes", "--purge-shares"}, {"apply", "--stage", "bootstrap"}}) {
            InProcessCli.Result r = pxci(mine, args);
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr()).as(r.all()).contains("ct.env: ID 640 is CT 640 'theirs' on node pve",
                    "pxci did not create", "ADOPT=yes");
        }

        assertThat(Pve.writes(sim)).as("nothing sent but reads").isEqualTo(writes);
        ObservedContainer after = platform.find(640).orElseThrow();
        assertThat(after.revision()).isEqualTo(before.revision());
        assertThat(after.config()).isEqualTo(before.config());
    }

    @Test
    void adoptedItIsManagedAndThePlanSaysItIsAdopted() throws Exception {
        someoneElses();
        String adopted = "ID=640\nHOSTNAME=theirs\nIP=dhcp\nMEMORY=1024\nADOPT=yes\n";

        InProcessCli.Result plan = pxci(adopted, "plan", "--stage", "provision");
        InProcessCli.Result apply = pxci(adopted, "apply", "--stage", "provision");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.stdout()).as(plan.all()).contains("adopted (ADOPT=yes): CT 640 was not created by pxci");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(platform.find(640).orElseThrow().config().memoryMiB()).isEqualTo(1024);
    }

    @Test
    void whatPxciCreatedItKnowsAsItsOwnAcrossRuns() throws Exception {
        String mine = "ID=641\nHOSTNAME=mine\nIP=dhcp\n";
        assertThat(pxci(mine, "apply", "--stage", "provision").exitCode()).isZero();

        assertThat(platform.find(641).orElseThrow().origin()).isEqualTo(Origin.PXCI);
        InProcessCli.Result changed = pxci(mine + "MEMORY=1024\n", "apply", "--stage", "provision");
        assertThat(changed.exitCode()).as(changed.all()).isZero();
        InProcessCli.Result destroyed = pxci(mine, "destroy", "--yes");
        assertThat(destroyed.exitCode()).as(destroyed.all()).isZero();
        assertThat(platform.find(641)).isEmpty();
    }
}
