package dev.pxci.it.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline within the pipeline, rehearsed: {@code examples/lxc-pipeline} applied for real to
 * the LXC sandbox (every stage, Ansible) replicates the project into the container's own Gitea and
 * triggers the pipeline on {@code release}; then, with the sandbox's API up for the container
 * ({@code pxci sandbox}), {@link RunnerRehearsal} runs that pipeline as act_runner would in host
 * mode, inside the real container, against the sandbox's Proxmox VE API, with what the container's
 * Gitea holds. It must end green at depth 1, stop there (the depth limit, and never into itself),
 * print none of the secrets it was given, and a second outer apply must change nothing and start no
 * new run.
 */
class PipelineRehearsalIT {
    private static final int VMID = 9121;
    private static final String GITEA = "http://10.99.0.21:3000";

    private LxcHost host;
    private Process sandbox;

    @BeforeEach
    void aFreshSandbox() throws IOException {
        host = LxcHost.open();
    }

    @AfterEach
    void removeEverything() throws IOException, InterruptedException {
        stopSandbox();
        host.close();
        assertThat(host.state).doesNotExist();
    }

    @Test
    void thePushedPipelineRunsToGreenInsideTheContainerItBuiltAndStopsThere() throws Exception {
        Path secrets = host.state.resolve("secrets.json");
        // the inner run converges with Ansible from inside the container: the runner host needs it
        Files.writeString(secrets, "{\"config\": {\"packages\": \"git,ca-certificates,ansible\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        String[] apply = {"apply", "--config", "examples/lxc-pipeline", "--configurator", "ansible",
            "--secrets", secrets.toString()};

        long cold = System.nanoTime();
        LxcHost.Run outer = host.pxci(apply);
        double outerSeconds = (System.nanoTime() - cold) / 1e9;
        assertThat(outer.exitCode()).as(outer.all()).isZero();
        assertThat(outer.stdout()).contains("pipeline triggered on release");

        startSandbox();
        RunnerRehearsal runner = RunnerRehearsal.of(host, VMID, "runner", "/var/lib/act_runner", GITEA);
        long inner = System.nanoTime();
        List<RunnerRehearsal.JobRun> jobs = runner.runAll(12, Duration.ofMinutes(40));
        double innerSeconds = (System.nanoTime() - inner) / 1e9;
        String logs = describe(jobs);

        assertThat(jobs).extracting(RunnerRehearsal.JobRun::job).as(logs)
                .containsExactly("build", "provision", "bootstrap", "configure", "share", "verify", "replicate");
        assertThat(jobs).as(logs).allSatisfy(j -> assertThat(j.result()).isEqualTo("RESULT_SUCCESS"));
        assertThat(log(jobs, "build")).as("pxci is not built again: configure installed it")
                .contains("installed by configure").doesNotContain("building pxci");
        assertThat(log(jobs, "provision")).contains("< provision " + VMID + " pxci-pipeline: unchanged");
        assertThat(log(jobs, "verify")).contains("verify succeeded");
        assertThat(log(jobs, "replicate")).contains("< replicate " + VMID + " pxci-pipeline: skipped: depth 1 reached"
                + " the limit 1; the target pve/" + VMID + " is the container this run executes in");
        for (String secret : runner.secretsHandedOut()) {
            assertThat(logs).as("a secret the run was given stays out of its log").doesNotContain(secret);
        }
        System.out.printf("Pipeline rehearsal: outer cold apply %.1f s, inner run of %d jobs %.1f s%n", outerSeconds,
                jobs.size(), innerSeconds);

        stopSandbox();
        LxcHost.Run again = host.pxci(apply);
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).as(again.all()).contains("apply succeeded: 0 changed")
                .contains("release already holds this tree");
        startSandbox();
        assertThat(runner.runAll(1, Duration.ofSeconds(30))).as("no new inner run").isEmpty();
    }

    private static String log(List<RunnerRehearsal.JobRun> jobs, String job) {
        return jobs.stream().filter(j -> j.job().equals(job)).findFirst().map(j -> String.join("\n", j.log()))
                .orElse("");
    }

    private static String describe(List<RunnerRehearsal.JobRun> jobs) {
        StringBuilder out = new StringBuilder();
        jobs.forEach(j -> out.append("=== ").append(j.job()).append(' ').append(j.result()).append('\n')
                .append(String.join("\n", j.log())).append('\n'));
        return out.toString();
    }

    /** {@code pxci sandbox} on the test's state, so the API answers the container while the rehearsal runs. */
    private void startSandbox() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        sandbox = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.pxci.cli.Main", "sandbox",
                "--sandbox-runtime", "lxc", "--state", host.state.toString()).directory(host.workingDirectory.toFile())
                .redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("From containers")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertThat(ready.await(120, TimeUnit.SECONDS)).as("pxci sandbox came up: %s", output).isTrue();
    }

    private void stopSandbox() throws InterruptedException {
        if (sandbox != null) {
            sandbox.destroy();
            if (!sandbox.waitFor(60, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            sandbox = null;
        }
    }
}
