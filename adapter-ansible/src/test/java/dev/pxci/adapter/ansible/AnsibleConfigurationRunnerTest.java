package dev.pxci.adapter.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the real OpenSSH server on loopback, with the real ansible-playbook. */
class AnsibleConfigurationRunnerTest {
    @TempDir
    static Path sshdDir;
    static LocalSshd sshd;

    @TempDir
    Path dir;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = new LocalSshd(sshdDir);
    }

    @AfterAll
    static void stopSshd() {
        sshd.close();
    }

    @Test
    void convergesOverSshThenChangesNothingTheSecondTimeAndOnlyReportsInCheckMode() throws IOException {
        Path bundle = bundle();
        Path target = dir.resolve("motd");
        ConfigurationRunner runner = runner(sshd.knownHosts);

        ConvergeReport first = runner.converge(target(), request(bundle, target, "hello", ConvergeMode.APPLY), (c, l) -> lines.add(l));
        assertThat(first.updated()).isEqualTo(1);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.updatedResources()).containsExactly("write the greeting (127.0.0.1)");
        assertThat(target).hasContent("hello from pxci_target");

        ConvergeReport second = runner.converge(target(), request(bundle, target, "hello", ConvergeMode.APPLY), (c, l) -> { });
        assertThat(second.updated()).isZero();
        assertThat(second.changed()).isFalse();

        ConvergeReport plan = runner.converge(target(), request(bundle, target, "bonjour", ConvergeMode.DRY_RUN), (c, l) -> { });
        assertThat(plan.updated()).isEqualTo(1);
        assertThat(target).hasContent("hello from pxci_target");
        assertThat(lines).contains("changed: [127.0.0.1]");
    }

    @Test
    void secretAttributesReachThePlaybookButNoOutput() throws IOException {
        Path bundle = bundle();
        Path target = dir.resolve("token");
        String secret = "tok-" + System.nanoTime();
        ConvergeRequest request = new ConvergeRequest(bundle, List.of("secret.yml"), Map.of("out", target.toString()),
                Map.of("gitea.admin.token", Secret.of(secret)), ConvergeMode.APPLY);

        ConvergeReport report = runner(sshd.knownHosts).converge(target(), request, (c, l) -> lines.add(l));

        assertThat(report.updated()).isEqualTo(1);
        assertThat(target).hasContent(secret);
        assertThat(String.join("\n", lines)).doesNotContain(secret).contains("RECAP");
    }

    @Test
    void theBaseBootstrapPlayRunsInCheckModeOverSshAndChangesNothing() throws IOException {
        Path base = dev.pxci.adapter.ansible.internal.PlatformSettings.findInRepository(Path.of("")).orElseThrow();
        List<String> before = snapshot();
        ConvergeRequest request = new ConvergeRequest(base, List.of("bootstrap.yml"), Map.of(
                "base_bootstrap_hosts", AnsibleConfigurationRunner.TARGET_GROUP,
                "base_ci_public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGn0aDIxSJeNAdVSSoftRi6pGhH2hPfWQfzE1W6YbJxW ci@pxci",
                "base_cinc_sha256", "5f1b1ae9e2e1f4c0b5c7a2e53e2f0c1a6f8e7d9c3b2a1f0e9d8c7b6a5f4e3d2c"), Map.of(),
                ConvergeMode.DRY_RUN);

        ConvergeReport report = runner(sshd.knownHosts).converge(target(), request, (c, l) -> lines.add(l));

        assertThat(report.updatedResources()).contains("base : Report what a real run would install (127.0.0.1)");
        assertThat(report.total()).isGreaterThan(10);
        assertThat(lines).contains("TASK [base : Harden the SSH server (keys only, no root)]");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** What the bootstrap play would change on this machine if it were not in check mode. */
    private static List<String> snapshot() throws IOException {
        List<String> state = new ArrayList<>();
        for (Path dir : List.of(Path.of("/etc/sudoers.d"), Path.of("/etc/ssh/sshd_config.d"), Path.of("/var/cache"))) {
            if (Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    files.map(Path::toString).sorted().forEach(state::add);
                }
            }
        }
        state.add(Files.readString(Path.of("/etc/passwd")));
        state.add(Files.readString(Path.of("/etc/group")));
        state.add(Files.readString(Path.of("/etc/ssh/sshd_config")));
        return state;
    }

    @Test
    void unknownHostKeyIsRefused() throws IOException {
        Path emptyKnownHosts = Files.writeString(dir.resolve("known_hosts"), "");

        assertThatThrownBy(() -> runner(emptyKnownHosts).converge(target(),
                request(bundle(), dir.resolve("x"), "hello", ConvergeMode.APPLY), (c, l) -> { }))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> {
                    PxciException p = (PxciException) e;
                    assertThat(p.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(p.getMessage()).contains("could not reach 127.0.0.1").contains("Host key verification failed");
                    assertThat(p.hint()).hasValueSatisfying(h -> assertThat(h).contains("known_hosts"));
                });
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void failingTaskIsFailedWithTheModuleMessage() throws IOException {
        Path bundle = bundle();
        ConvergeRequest request = new ConvergeRequest(bundle, List.of("fail.yml"), Map.of(), Map.of(), ConvergeMode.APPLY);

        assertThatThrownBy(() -> runner(sshd.knownHosts).converge(target(), request, (c, l) -> { }))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("task 'refuse' failed on 127.0.0.1: the share is not mounted")
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.FAILED));
    }

    @Test
    void runListEntriesMustBePlaybooksInsideTheBundle() throws IOException {
        Path bundle = bundle();
        Files.writeString(dir.resolve("outside.yml"), "- hosts: all\n  tasks: []\n");
        ConvergeRequest request = new ConvergeRequest(bundle, List.of("../outside.yml"), Map.of(), Map.of(), ConvergeMode.APPLY);

        assertThatThrownBy(() -> runner(sshd.knownHosts).converge(target(), request, (c, l) -> { }))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("../outside.yml");
    }

    @Test
    void ensureInstalledChecksTheLocalAnsibleVersionAndThePythonOfTheTarget() {
        ConfigurationRunner runner = runner(sshd.knownHosts);

        InstallResult ok = runner.ensureInstalled(new ThisMachineShell("/usr/bin:/bin"), requirement("2"));
        assertThat(ok.change()).isEqualTo(Change.UNCHANGED);
        assertThat(ok.version()).startsWith("ansible-core 2.").contains("Python 3");

        assertThatThrownBy(() -> runner.ensureInstalled(new ThisMachineShell("/usr/bin:/bin"), requirement("1.9")))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("1.9 is required");
        assertThatThrownBy(() -> runner.ensureInstalled(new ThisMachineShell("/nonexistent"), requirement("2")))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("has no working python3");
    }

    @Test
    void aMissingKnownHostsFileIsRejectedAtCreation() {
        AdapterConfig config = new AdapterConfig(Map.of("ansible.known-hosts", dir.resolve("absent").toString()), Map.of());

        assertThatThrownBy(() -> new AnsibleRunnerFactory().create(config))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    private static ToolRequirement requirement(String version) {
        return new ToolRequirement(version, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ConfigurationRunner runner(Path knownHosts) {
        return new AnsibleRunnerFactory().create(new AdapterConfig(Map.of(
                "ansible.ssh-private-key", sshd.clientKey.toString(),
                "ansible.known-hosts", knownHosts.toString(),
                "ansible.timeout", "2m"), Map.of()));
    }

    private static ConvergeTarget target() {
        return new ConvergeTarget(new ThisMachineShell("/usr/bin:/bin"), new ShellTarget("127.0.0.1", sshd.port, sshd.user));
    }

    private static ConvergeRequest request(Path bundle, Path target, String greeting, ConvergeMode mode) {
        return new ConvergeRequest(bundle, List.of("site.yml"), Map.of("greeting.text", greeting, "out", target.toString()),
                Map.of(), mode);
    }

    private Path bundle() throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve("site.yml"), """
                - hosts: pxci_target
                  gather_facts: false
                  tasks:
                    - name: check the connection
                      ansible.builtin.ping:
                    - name: write the greeting
                      ansible.builtin.copy:
                        content: "{{ greeting.text }} from {{ group_names | first }}"
                        dest: "{{ out }}"
                        mode: "0600"
                    - name: read it back
                      ansible.builtin.command: cat {{ out }}
                      changed_when: false
                      check_mode: false
                      failed_when: false
                """);
        Files.writeString(bundle.resolve("secret.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: store the token
                      ansible.builtin.copy:
                        content: "{{ gitea.admin.token }}"
                        dest: "{{ out }}"
                        mode: "0600"
                      no_log: true
                """);
        Files.writeString(bundle.resolve("fail.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: refuse
                      ansible.builtin.fail:
                        msg: the share is not mounted
                """);
        return bundle;
    }
}
