package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.spi.AdapterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's infra/base playbook, run by the real ansible-playbook. */
class BasePlaybookTest {
    private static final Path BASE = PlatformSettings.findInRepository(Path.of("")).orElseThrow();
    private final PlaybookRunner runner = new PlaybookRunner();

    @Test
    void playbookPassesAnsiblesSyntaxCheck() throws Exception {
        Process p = new ProcessBuilder("ansible-playbook", "--syntax-check", "-i", "localhost,", "default.yml")
                .directory(BASE.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void provisioningPlayTurnsTheSettingsIntoTheModulesArgumentsAndKeepsTheSecretOut() throws IOException {
        // A port bound by a socket that never listens: connections are refused, and no other
        // server of a parallel test can take it meanwhile (a port merely freed could be taken).
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            provisioningPlayAgainst(reserved.getLocalPort());
        }
    }

    @Test
    void aPythonLibraryProxmoxerNeedsThatIsMissingIsAMissingDependencyNamingTheDebianPackage(@TempDir Path shadow)
            throws IOException {
        // The real module and proxmoxer, run by a Python that cannot import requests: a package of that
        // name first on the path fails its import as an absent one would.
        Files.createDirectories(shadow.resolve("requests"));
        Files.writeString(shadow.resolve("requests/__init__.py"), "raise ImportError(\"No module named 'requests'\")\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PYTHONPATH", shadow.toString());
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            PlaybookResult result = provisioningRun(new PlaybookRunner("ansible-playbook", env), reserved.getLocalPort(),
                    new ArrayList<>());
            PxciException error = AnsibleProblems.failure("create CT 901", result, new ProxmoxModuleErrors("proxmox.ca-file"));

            assertThat(error.code()).isEqualTo(ErrorCode.MISSING_DEPENDENCY);
            assertThat(error.getMessage()).contains("requests");
            assertThat(error.hint()).hasValueSatisfying(h -> assertThat(h).contains("apt-get install python3-requests"));
        }
    }

    private void provisioningPlayAgainst(int closedPort) {
        List<String> lines = new ArrayList<>();
        PlaybookResult result = provisioningRun(runner, closedPort, lines);
        TaskResult create = result.lastResultOf("base : Create the container").orElseThrow();
        JsonNode args = create.result().path("invocation").path("module_args");
        PxciException error = AnsibleProblems.failure("create CT 901", result, new ProxmoxModuleErrors("proxmox.ca-file"));

        assertThat(create.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(error.code()).isEqualTo(ErrorCode.TRANSIENT);
        assertThat(error.getMessage()).contains("Connection refused");
        assertThat(args.path("api_host").asText()).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(args.path("api_user").asText()).isEqualTo("root@pam");
        assertThat(args.path("api_token_id").asText()).isEqualTo("pxci");
        assertThat(args.path("validate_certs").asBoolean()).isTrue();
        assertThat(args.path("vmid").asInt()).isEqualTo(901);
        assertThat(args.path("node").asText()).isEqualTo("pve2");
        assertThat(args.path("hostname").asText()).isEqualTo("ci");
        assertThat(args.path("cores").asInt()).isEqualTo(2);
        assertThat(args.path("memory").asInt()).isEqualTo(2048);
        assertThat(args.path("swap").asInt()).isEqualTo(256);
        assertThat(args.path("disk").asText()).isEqualTo("local-lvm:16");
        assertThat(args.path("netif").path("net0").asText()).isEqualTo("name=eth0,bridge=vmbr1,ip=10.0.0.5/24,gw=10.0.0.1,tag=30,firewall=1");
        assertThat(args.path("netif").path("net1").asText()).isEqualTo("name=eth1,bridge=vmbr0,ip=dhcp");
        assertThat(args.path("mounts").path("mp0").asText()).isEqualTo("local-lvm:32,mp=/share,backup=1");
        assertThat(args.path("features").toString()).isEqualTo("[\"nesting=1\"]");
        assertThat(args.path("tags").toString()).isEqualTo("[\"pxci\",\"web\"]");
        assertThat(args.path("unprivileged").asBoolean()).isTrue();
        assertThat(args.path("onboot").asBoolean()).isTrue();
        assertThat(args.path("pubkey").asText()).isEqualTo("ssh-ed25519 AAAAC3Nza ci");
        assertThat(args.path("timeout").asInt()).isEqualTo(300);
        assertThat(args.path("state").asText()).isEqualTo("present");
        assertThat(result.results().toString() + lines).doesNotContain("b8d5f3c2-secret");
        assertThat(result.lastResultOf("base : Start the container")).map(TaskResult::status).isEmpty();
    }

    private static PlaybookResult provisioningRun(PlaybookRunner runner, int closedPort, List<String> lines) {
        ProxmoxEndpoint endpoint = ProxmoxEndpoint.from(new AdapterConfig(
                Map.of("proxmox.host", "127.0.0.1:" + closedPort, "proxmox.token", "root@pam!pxci"),
                Map.of("proxmox.secret", Secret.of("b8d5f3c2-secret"))));
        ContainerConfig config = new ContainerConfig("ci", 2, 2048, 256, new RootDisk("local-lvm", 16),
                List.of(new MountPoint(0, "local-lvm", 32, "/share", true)),
                List.of(new NetworkInterface(0, "eth0", "vmbr1", "10.0.0.5/24", Optional.of("10.0.0.1"), OptionalInt.of(30), true),
                        new NetworkInterface(1, "eth1", "vmbr0", "dhcp", Optional.empty(), OptionalInt.empty(), false)),
                new Features(true, false, false, false, List.of()), true, List.of("web", "pxci"), true, Optional.empty());
        ExtraVars vars = ProvisionVars.withConfig(ProvisionVars.base(endpoint, Optional.empty(), Duration.ofMinutes(5), "present", 901, "pve2"),
                config).put("base_container_ensure_exists", true)
                .put("base_container_template", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst")
                .put("base_container_pubkeys", List.of("ssh-ed25519 AAAAC3Nza ci"));

        return runner.run(new PlaybookInvocation("create CT 901", BASE, List.of(BASE.resolve("default.yml")),
                Inventory.localhost(), vars, false, List.of("provision"), Map.of(), Duration.ofMinutes(2)), (c, l) -> lines.add(l));
    }

    @Test
    void bootstrapPlayRefusesAPrivateKeyAsTheCiKey() {
        ExtraVars vars = new ExtraVars()
                .put("base_bootstrap_hosts", "localhost")
                .put("base_ci_public_key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----");

        PlaybookResult result = runner.run(new PlaybookInvocation("bootstrap check", BASE, List.of(BASE.resolve("default.yml")),
                Inventory.localhost(), vars, true, List.of("bootstrap"), Map.of(), Duration.ofMinutes(3)), (c, l) -> { });

        assertThat(result.succeeded()).isFalse();
        assertThat(result.decisiveFailure()).map(TaskResult::task).contains("base : Check the bootstrap settings");
        assertThat(result.decisiveFailure().orElseThrow().message()).contains("a private key is never accepted");
    }
}
