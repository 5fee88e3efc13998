package dev.pxci.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.pve.PveFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite pointed at the sandbox through its variables only, as a user points it at a cluster:
 * the whole lifecycle, a range already holding foreign guests, a token that lacks permissions, and
 * runs killed or interrupted half way.
 */
class SuiteAgainstSandboxIT {

    private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    @TempDir
    Path tmp;

    /** A privilege-separated token of root@pam with these (path, role) grants, as an administrator makes one. */
    private static Map<String, String> limitedToken(SandboxCluster cluster, String name, String... grants) {
        String secret = cluster.call("POST", "/access/users/root@pam/token/" + name).path("value").asText();
        for (int i = 0; i + 1 < grants.length; i += 2) {
            cluster.call("PUT", "/access/acl", "path", grants[i], "roles", grants[i + 1], "tokens", "root@pam!" + name);
        }
        return cluster.variables("root@pam!" + name, secret);
    }

    private static void createForeign(SandboxCluster cluster, int vmid, String hostname) {
        cluster.await(cluster.call("POST", "/nodes/pve/lxc", "vmid", Integer.toString(vmid), "ostemplate", TEMPLATE,
                "hostname", hostname, "rootfs", "local-lvm:1", "tags", "web").asText());
    }

    private static long writes(SandboxCluster cluster) {
        Map<String, Long> counts = cluster.pve.requestCounts();
        return Stream.of("POST", "PUT", "DELETE").mapToLong(m -> counts.getOrDefault(m, 0L)).sum();
    }

    private static String everythingIn(Path work) {
        try (Stream<Path> files = Files.walk(work)) {
            StringBuilder out = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theWholeLifecyclePassesAgainstTheSandboxLeavesNothingAndShowsNoSecret() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            SuiteProcess.Result result = SuiteProcess.run(cluster.variables(), tmp.resolve("work"));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
            for (String check : List.of("create", "idempotent re-apply", "library plan shows no change", "in-place change",
                    "shutdown and start", "shares kept across destroy", "replacement under TERMINATE=yes",
                    "destroy with purge", "nothing of the suite is left")) {
                assertThat(result.report()).as(result.output()).contains("| " + check + " | passed |");
            }
            assertThat(result.report()).contains("| bootstrap, configure, share, verify | skipped |")
                    .contains("container-processes 0").contains("- Proxmox VE: 9.1.3").contains("- Gitea: " + cluster.gitea.version())
                    .contains("removed backup local:backup/vzdump-lxc-" + SandboxCluster.FIRST + "-");
            assertThat(cluster.guestsInRange()).as("nothing of the suite is left").isEmpty();
            assertThat(cluster.call("GET", "/nodes/pve/storage/local/content", "content", "backup")).isEmpty();
            assertThat(result.output() + everythingIn(tmp)).doesNotContain(cluster.pve.tokenSecret());
        }
    }

    @Test
    void aRangeHoldingForeignGuestsIsRefusedNamingThemAndNothingIsTouched() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            createForeign(cluster, 9102, "foreign-web");
            String digest = cluster.call("GET", "/nodes/pve/lxc/9102/config").path("digest").asText();
            long before = writes(cluster);

            SuiteProcess.Result result = SuiteProcess.run(cluster.variables(), tmp.resolve("work"));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
            assertThat(result.output()).contains("refusing to start").contains("CT 9102 'foreign-web' on node pve (tags: web)");
            assertThat(result.report()).contains("| the range is the suite's | failed |");
            assertThat(writes(cluster)).as("no write reached the cluster").isEqualTo(before);
            assertThat(cluster.guestsInRange()).containsExactly(9102);
            assertThat(cluster.call("GET", "/nodes/pve/lxc/9102/config").path("digest").asText()).isEqualTo(digest);
        }
    }

    @Test
    void aForeignGuestTheTokenMayNotSeeStillStopsTheSuite() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            createForeign(cluster, 9103, "hidden");
            Map<String, String> variables = limitedToken(cluster, "narrow", "/vms/9100", "PVEVMAdmin", "/vms/9101",
                    "PVEVMAdmin", "/storage", "PVEDatastoreUser");
            long before = writes(cluster);

            SuiteProcess.Result result = SuiteProcess.run(variables, tmp.resolve("work"));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
            assertThat(result.output()).contains("id 9103 (taken, but the token may not see that guest: VM.Audit on /vms/9103)");
            assertThat(writes(cluster)).isEqualTo(before);
        }
    }

    @Test
    void aTokenThatLacksPermissionsIsToldWhatWillNotWorkAndTheRestRuns() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            Map<String, String> variables = limitedToken(cluster, "ci", "/vms", "PVEVMAdmin", "/storage/local-lvm",
                    "PVEDatastoreUser", "/storage/local", "PVEAuditor");
            variables.put("PXCI_ACCEPTANCE_GO", "no");
            long before = writes(cluster);

            SuiteProcess.Result shown = SuiteProcess.run(variables, tmp.resolve("shown"));

            assertThat(shown.exitCode()).as(shown.output()).isZero();
            assertThat(shown.output())
                    .contains("will not replace under TERMINATE=yes (vzdump backup first): the token lacks"
                            + " Datastore.AllocateSpace on /storage/local")
                    .contains("will not privileged containers: the token lacks Sys.Modify on /")
                    .contains("will not NODE=auto placement (node status): the token lacks Sys.Audit on /nodes/pve")
                    .contains("works    create, re-apply and destroy a container")
                    .contains("nothing was changed: set PXCI_ACCEPTANCE_GO=yes to go ahead");
            assertThat(writes(cluster)).as("shown, not done").isEqualTo(before);

            variables.put("PXCI_ACCEPTANCE_GO", "yes");
            SuiteProcess.Result done = SuiteProcess.run(variables, tmp.resolve("done"));

            assertThat(done.exitCode()).as(done.output()).isEqualTo(3);
            assertThat(done.report()).contains("| create | passed |").contains("| shares kept across destroy | passed |")
                    .contains("| replacement under TERMINATE=yes | skipped | 0.0 | preflight: replace under TERMINATE=yes"
                            + " (vzdump backup first) will not work: the token lacks Datastore.AllocateSpace on /storage/local |");
            assertThat(cluster.guestsInRange()).isEmpty();
        }
    }

    @Test
    void aTokenWithoutPrivilegesChangesNothingAndSaysWhy() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            Map<String, String> variables = limitedToken(cluster, "bare");
            long before = writes(cluster);

            SuiteProcess.Result result = SuiteProcess.run(variables, tmp.resolve("work"));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
            assertThat(result.report()).contains("| create | skipped | 0.0 | preflight: create, re-apply and destroy a"
                    + " container will not work:").contains("VM.Allocate, VM.Audit, VM.PowerMgmt on /vms/9100");
            assertThat(writes(cluster)).isEqualTo(before);
        }
    }

    @Test
    void aFailedCheckIsReportedAndEverythingMadeIsStillRemoved() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            cluster.pve.faults().taskFault(new PveFaults.TaskFault("vzshutdown", SandboxCluster.FIRST,
                    PveFaults.TaskOutcome.ERROR, "shutdown of CT 9100 failed: injected", List.of(), 1));

            SuiteProcess.Result result = SuiteProcess.run(cluster.variables(), tmp.resolve("work"));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.report()).contains("| shutdown and start | failed |")
                    .contains("the shutdown ended 'shutdown of CT 9100 failed: injected'")
                    .contains("| destroy with purge | passed |").contains("| nothing of the suite is left | passed |");
            assertThat(cluster.guestsInRange()).isEmpty();
        }
    }

    @Test
    void aKilledRunLeavesItsContainerAndTheNextRunRemovesItAndSucceeds() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            SuiteProcess killed = SuiteProcess.start(cluster.variables(), tmp.resolve("killed"));
            awaitContainer(cluster, killed);

            killed.kill();

            assertThat(cluster.guestsInRange()).as("a SIGKILL leaves the suite no chance to clean up").contains(9100);
            SuiteProcess.Result next = SuiteProcess.run(cluster.variables(), tmp.resolve("next"));
            assertThat(next.exitCode()).as(next.output()).isEqualTo(3);
            assertThat(next.report()).contains("| leftovers of an earlier run removed | passed |")
                    .contains("removed CT 9100 'pxci-acceptance-9100'").contains("| destroy with purge | passed |");
            assertThat(cluster.guestsInRange()).isEmpty();
        }
    }

    @Test
    void anInterruptedRunCleansUpBeforeItExits() {
        try (SandboxCluster cluster = new SandboxCluster()) {
            SuiteProcess interrupted = SuiteProcess.start(cluster.variables(), tmp.resolve("work"));
            awaitContainer(cluster, interrupted);

            interrupted.terminate();

            assertThat(interrupted.exitCode()).isNotZero();
            assertThat(cluster.guestsInRange()).as(interrupted.outputSoFar()).isEmpty();
            assertThat(interrupted.report()).contains("| not interrupted | failed |")
                    .contains("| nothing of the suite is left | passed |");
        }
    }

    @Test
    void withoutTheVariablesTheSuiteSaysHowToRunIt() {
        SuiteProcess.Result result = SuiteProcess.run(Map.of(), tmp.resolve("work"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.output().strip()).isEqualTo(Variable.HOW_TO_RUN);
    }

    /** Polls (with backoff, at most two minutes) until the suite's container exists. */
    private static void awaitContainer(SandboxCluster cluster, SuiteProcess suite) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long pause = 50;
        while (!cluster.guestsInRange().contains(SandboxCluster.FIRST)) {
            assertThat(System.nanoTime()).as("the suite created its container:\n" + suite.outputSoFar()).isLessThan(deadline);
            SandboxCluster.sleepMillis(pause);
            pause = Math.min(pause * 2, 500);
        }
    }
}
