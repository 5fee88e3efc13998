package dev.pxci.it.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.ansible.AnsibleConfigurationRunner;
import dev.pxci.adapter.ansible.AnsibleRunnerFactory;
import dev.pxci.adapter.ansible.internal.ExtraVars;
import dev.pxci.adapter.ansible.internal.Inventory;
import dev.pxci.adapter.ansible.internal.PlaybookInvocation;
import dev.pxci.adapter.ansible.internal.PlaybookResult;
import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.shell.LocalShellConnector;
import dev.pxci.adapter.shell.SshKeys;
import dev.pxci.adapter.shell.SshShellFactory;
import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.domain.stage.BootstrapStage;
import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * bootstrap, the config and share playbooks, and verify, for real: a real Debian 12 LXC container,
 * reached over SSH by pxci's own transport (MINA SSHD) and by the real ansible-playbook, and from
 * this machine with smbclient. Gitea and act_runner are replaced by small CLI stand-ins (test
 * resources, named as such) that serve no web API, so the config playbook runs here without its
 * gitea_api tasks; those are left to the end-to-end test with the Gitea stand-in of the sandbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InContainerStagesIT {
    private static final Path INFRA = Path.of("..").toAbsolutePath().normalize().resolve("infra");
    private static final Path STANDINS = Path.of("src/test/resources/standins").toAbsolutePath();
    private static final String ADDRESS = "10.98.0.20";
    private static final String SHARE_PASSWORD = "Sh4re-" + System.nanoTime();
    private static final String PROBE_PASSWORD = "Pr0be-" + System.nanoTime();

    @TempDir
    static Path work;
    static LxcTestContainer container;
    static Deployment deployment;
    static ShellConnector ssh;
    static PipelineSettings settings;
    static final OneRunningContainer PLATFORM = new OneRunningContainer();

    @BeforeAll
    static void startContainer() throws IOException {
        Optional<String> missing = LxcTestContainer.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        container = LxcTestContainer.start("pxci-it-stages", ADDRESS, work, List.of(
                new Path[] {STANDINS.resolve("gitea-cli-standin"), Path.of("/opt/pxci-test/bin/gitea")},
                new Path[] {STANDINS.resolve("act_runner-cli-standin"), Path.of("/opt/pxci-test/bin/act_runner")}));
        deployment = DeploymentLoader.directory(Optional.empty(), List.of(new SourceText("it.env",
                "ID=120\nHOSTNAME=pxci-it-stages\nIP=" + ADDRESS + "\nMOUNT=share:1,media:1\n")));
        ssh = new SshShellFactory().create(new AdapterConfig(Map.of("ssh.private-key", container.ciKey().toString(),
                "ssh.known-hosts", container.knownHosts().toString()), Map.of()));
        settings = PipelineSettings.DEFAULTS.withCiPublicKey(SshKeys.publicKeyLine(container.ciKey()))
                .withBundles(INFRA)
                .withAttributes(Map.of(), Map.of("share.users.config.password", Secret.of(SHARE_PASSWORD)));
    }

    @AfterAll
    static void removeContainer() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    @Order(1)
    void bootstrapHardensSshBeforeItTakesEffectProvesItAndASecondRunOnlyReads() {
        container.attach("sh", "-c", "useradd -m -s /bin/bash probe && echo 'probe:" + PROBE_PASSWORD + "' | chpasswd");
        passwordLogin("probe").close();
        Engine engine = Pxci.builder().platform(PLATFORM).shells(ssh).settings(settings).build();

        StageReport first = stage(engine.apply(deployment, List.of("bootstrap")), "bootstrap");

        assertThat(first.outcome()).as(first.summary()).isEqualTo(StageOutcome.CHANGED);
        assertThat(first.changes()).containsExactly("service user config", "sudo rule for config (/etc/sudoers.d/pxci-config)",
                "CI key authorised for config", "SSH hardened (" + BootstrapStage.SSHD_DROP_IN + ")");
        assertThat(first.evidence()).contains("logged in as root", "logged in again as config")
                .contains("root login refused; sshd -T: permitrootlogin no, passwordauthentication no, kbdinteractiveauthentication no");
        assertThat(container.attach("cat", "/etc/sudoers.d/pxci-config")).isEqualTo(BootstrapStage.sudoRule("config"));
        assertThat(container.attach("cat", BootstrapStage.SSHD_DROP_IN)).isEqualTo(BootstrapStage.SSHD_HARDENING);
        assertThat(container.attach("find", "/etc/ssh/sshd_config.d", "/etc/sudoers.d", "-name", "*.pxci-new*")).isEmpty();
        assertThat(refusal(() -> keyLogin("root"))).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(refusal(() -> passwordLogin("probe"))).isEqualTo(ErrorCode.UNAUTHORIZED);
        try (Shell asConfig = ssh.open(new ShellTarget(ADDRESS, 22, "config"))) {
            assertThat(asConfig.execute(dev.pxci.ports.shell.Command.of("sudo", "-n", "id", "-u")).stdout()).isEqualTo("0\n");
        }

        StageReport second = stage(engine.apply(deployment, List.of("bootstrap")), "bootstrap");

        assertThat(second.outcome()).as(second.summary()).isEqualTo(StageOutcome.UNCHANGED);
        assertThat(second.evidence()).contains("logged in as config", "SSH hardened (" + BootstrapStage.SSHD_DROP_IN + "): in place");
    }

    @Test
    @Order(2)
    void aDropInThatSshdWouldRejectNeverTakesEffectAndADriftedOneIsPutBack() {
        String drifted = "PermitRootLogin yes\n";
        container.attach("sh", "-c", "printf '" + drifted + "' > " + BootstrapStage.SSHD_DROP_IN
                + " && cp /etc/ssh/sshd_config /root/sshd_config.good && echo 'NoSuchOption yes' >> /etc/ssh/sshd_config");
        Engine engine = Pxci.builder().platform(PLATFORM).shells(ssh).settings(settings).build();

        StageReport refused = stage(engine.apply(deployment, List.of("bootstrap")), "bootstrap");

        assertThat(refused.outcome()).isEqualTo(StageOutcome.FAILED);
        assertThat(refused.summary()).contains("SSH hardened", "the new file did not validate", "NoSuchOption");
        assertThat(container.attach("cat", BootstrapStage.SSHD_DROP_IN)).isEqualTo(drifted);
        assertThat(container.attach("find", "/etc/ssh", "-name", "*.pxci-new*")).isEmpty();

        container.attach("cp", "/root/sshd_config.good", "/etc/ssh/sshd_config");
        StageReport repaired = stage(engine.apply(deployment, List.of("bootstrap")), "bootstrap");

        assertThat(repaired.outcome()).as(repaired.summary()).isEqualTo(StageOutcome.CHANGED);
        assertThat(repaired.changes()).containsExactly("SSH hardened (" + BootstrapStage.SSHD_DROP_IN + ")");
        assertThat(container.attach("cat", BootstrapStage.SSHD_DROP_IN)).isEqualTo(BootstrapStage.SSHD_HARDENING);
        assertThat(refusal(() -> keyLogin("root"))).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    @Order(3)
    void theShareStageConvergesTheSharePlaybookWithAnsibleThenChangesNothing() {
        Engine engine = Pxci.builder().platform(PLATFORM).shells(ssh).configurator(ansible()).settings(settings).build();

        StageReport first = stage(engine.apply(deployment, List.of("share")), "share");
        StageReport second = stage(engine.apply(deployment, List.of("share")), "share");

        assertThat(first.outcome()).as(first.summary()).isEqualTo(StageOutcome.CHANGED);
        assertThat(first.changes()).anyMatch(c -> c.startsWith("Configure Samba"));
        assertThat(second.outcome()).as(second.summary() + " " + second.changes()).isEqualTo(StageOutcome.UNCHANGED);
        assertThat(container.attach("sh", "-c", "testparm -s --section-name media --parameter-name path 2>/dev/null").strip())
                .isEqualTo("/share/media");
    }

    @Test
    @Order(4)
    void theConfigPlaybookInstallsGiteaAndTheRunnerWithTheOneSetOfLabelsThenChangesNothing() throws IOException {
        PlaybookResult first = config();
        PlaybookResult second = config();

        assertThat(first.succeeded()).isTrue();
        assertThat(first.changed()).isNotEmpty();
        assertThat(second.succeeded()).isTrue();
        assertThat(second.changed()).as("a second run changes nothing").isEmpty();
        assertThat(container.attach("systemctl", "is-active", "gitea", "act_runner")).isEqualTo("active\nactive\n");
        String labels = java.nio.file.Files.readString(INFRA.resolve("config/files/runner-labels")).strip();
        assertThat(container.attach("cat", "/etc/act_runner/config.yaml")).contains("  labels:\n    - \"" + labels + "\"\n");
        assertThat(container.attach("cat", "/var/lib/act_runner/.runner")).contains("\"labels\":[\"" + labels + "\"]");
        assertThat(container.attach("stat", "-c", "%U %a", "/etc/gitea/app.ini", "/etc/act_runner/config.yaml"))
                .isEqualTo("git 600\nroot 640\n");
        assertThat(container.attach("cat", "/etc/gitea/app.ini")).contains("[security]\nINSTALL_LOCK = true\nSECRET_KEY = ");
    }

    @Test
    @Order(5)
    void verifyCollectsItsEvidenceFromTheContainerAndFromHere() {
        container.attach("sh", "-c", "echo from-the-container > /share/media/note.txt");
        try (Shell here = new LocalShellConnector().open(new ShellTarget("localhost", 22, "root"))) {
            Engine engine = Pxci.builder().platform(PLATFORM).shells(ssh).host(here).settings(settings).build();

            RunReport report = engine.verify(deployment, List.of("verify"));

            StageReport verify = stage(report, "verify");
            assertThat(verify.outcome()).as(verify.summary()).isEqualTo(StageOutcome.UNCHANGED);
            assertThat(verify.evidence()).contains("SSH as config works", "service gitea is active", "service act_runner is active",
                    "share share is listed and readable as config with smbclient from here",
                    "share media is listed and readable as config with smbclient from here");
            String read = here.execute(dev.pxci.ports.shell.Command.of("smbclient", "//" + ADDRESS + "/media", "-U", "config",
                    "-m", "SMB3", "-c", "get note.txt /dev/stdout").withSecretEnvironment("PASSWD", Secret.of(SHARE_PASSWORD))).stdout();
            assertThat(read).contains("from-the-container");

            container.attach("systemctl", "stop", "act_runner");
            StageReport down = stage(engine.verify(deployment, List.of("verify")), "verify");
            assertThat(down.outcome()).isEqualTo(StageOutcome.FAILED);
            assertThat(down.summary()).contains("service act_runner: inactive");
            container.attach("systemctl", "start", "act_runner");
        }
    }

    private static PlaybookResult config() {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("ansible_user", "config");
        host.put("ansible_ssh_private_key_file", container.ciKey().toString());
        host.put("ansible_ssh_common_args", "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + container.knownHosts()
                + " -o BatchMode=yes -o IdentitiesOnly=yes");
        host.put("ansible_python_interpreter", "auto_silent");
        ExtraVars vars = new ExtraVars()
                .putPath("config.packages", "git,ca-certificates")
                .putPath("config.gitea.file", "/opt/pxci-test/bin/gitea")
                .putPath("config.gitea.domain", ADDRESS)
                .putPath("config.runner.file", "/opt/pxci-test/bin/act_runner")
                .putPath("config.admin.password", Secret.of("Adm1n-" + System.nanoTime()));
        List<String> lines = new ArrayList<>();
        PlaybookResult result = new PlaybookRunner().run(new PlaybookInvocation("config playbook", INFRA.resolve("config"),
                List.of(INFRA.resolve("config/playbook.yml")), Inventory.single(AnsibleConfigurationRunner.TARGET_GROUP, ADDRESS, host),
                vars, false, List.of("packages", "gitea", "admin", "runner"), Map.of("ANSIBLE_PIPELINING", "True"),
                Duration.ofMinutes(15)), (c, l) -> lines.add(l));
        assertThat(result.succeeded()).as(String.join("\n", lines)).isTrue();
        return result;
    }

    private static ConfigurationRunner ansible() {
        return new AnsibleRunnerFactory().create(new AdapterConfig(Map.of(
                "ansible.ssh-private-key", container.ciKey().toString(),
                "ansible.known-hosts", container.knownHosts().toString(),
                "ansible.timeout", "15m"), Map.of()));
    }

    /** A login with the CI key through a connector of its own, so no earlier connection is reused. */
    private static Shell keyLogin(String user) {
        return new SshShellFactory().create(new AdapterConfig(Map.of("ssh.private-key", container.ciKey().toString(),
                "ssh.known-hosts", container.knownHosts().toString()), Map.of())).open(new ShellTarget(ADDRESS, 22, user));
    }

    private static Shell passwordLogin(String user) {
        return new SshShellFactory().create(new AdapterConfig(Map.of("ssh.known-hosts", container.knownHosts().toString()),
                Map.of("ssh.password", Secret.of(PROBE_PASSWORD)))).open(new ShellTarget(ADDRESS, 22, user));
    }

    private static ErrorCode refusal(java.util.function.Supplier<Shell> login) {
        try (Shell opened = login.get()) {
            throw new AssertionError("the login was accepted: " + opened.describe());
        } catch (PxciException e) {
            return e.code();
        }
    }

    private static StageReport stage(RunReport report, String name) {
        return report.stages().stream().filter(r -> r.stage().equals(name)).findFirst().orElseThrow();
    }
}
