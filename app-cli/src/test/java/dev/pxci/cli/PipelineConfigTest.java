package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.domain.adapters.AdapterRegistry;
import dev.pxci.domain.stage.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    private static final ReplicatedSettings.Shape SHAPE =
            new ReplicatedSettings.Shape(Path.of("deploy/ci.env"), "proxmox", "ansible", "ssh");

    @TempDir
    Path dir;

    private AdapterSettings settings(String json, Map<String, String> env) throws IOException {
        Path secrets = dir.resolve("config.json");
        Files.writeString(secrets, json);
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        return AdapterSettings.load(Optional.of(secrets), env, AdapterRegistry.fromClassPath());
    }

    @Test
    void theSeedsConfigJsonBecomesAdminAttributesAndSecretsAndBundleKeysPassThrough() throws IOException {
        AdapterSettings s = settings("""
                {"proxmox": {"host": "pve.lan", "user": "root@pam", "token": "ci", "secret": "tok-secret"},
                 "user": "admin", "password": "admin-pass", "email": "ci@example.org",
                 "pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci",
                 "config": {"gitea": {"sha256": "abc123"}}, "share": {"workgroup": "LAN"}}
                """, Map.of("PXCI_SHARE_PASSWORD", "smb-pass"));

        PipelineSettings p = PipelineConfig.read(s, dir, SHAPE);

        assertThat(p.ciPublicKey()).contains("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci");
        assertThat(p.attributes()).containsEntry("config.admin.user", "admin").containsEntry("config.admin.email", "ci@example.org")
                .containsEntry("config.gitea.sha256", "abc123").containsEntry("share.workgroup", "LAN");
        assertThat(p.secretAttributes()).containsOnlyKeys("config.admin.password", "share.users.config.password");
        assertThat(p.secretAttributes().get("config.admin.password").reveal()).isEqualTo("admin-pass");
        assertThat(p.forgeVariables()).containsEntry("PROXMOX_HOST", "pve.lan").containsEntry("PROXMOX_TOKEN", "ci")
                .doesNotContainValue("tok-secret");
        assertThat(p.forgeSecrets().get("PROXMOX_SECRET").reveal()).isEqualTo("tok-secret");
        assertThat(p.guard().depth()).isZero();
        assertThat(p.guard().maxDepth()).isEqualTo(1);
    }

    @Test
    void theReplicationDepthComesFromTheEnvironmentAndMustBeANumber() throws IOException {
        PipelineSettings p = PipelineConfig.read(settings("{}", Map.of("PXCI_DEPTH", "1", "PXCI_SELF", "pve/254")), dir, SHAPE);

        assertThat(p.guard().decide("pve/254").trigger()).isFalse();
        assertThatThrownBy(() -> PipelineConfig.read(settings("{}", Map.of("PXCI_DEPTH", "deep")), dir, SHAPE))
                .hasMessageContaining("'depth' has the value 'deep'");
    }

    @Test
    void theReplicatedPipelineGetsWhatItsRunNeedsAsVariablesAndSecretsAndTheKeysAsTheyAreWhenReplicateRuns()
            throws IOException {
        Path key = dir.resolve("ci_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "10.99.0.11 ssh-ed25519 AAAAfirst\n");
        AdapterSettings s = settings("""
                {"proxmox": {"url": "https://127.0.0.1:8006", "user": "root@pam", "token": "ci", "secret": "tok-secret"},
                 "replicate": {"proxmox-url": "https://10.99.0.1:8006"},
                 "user": "admin", "password": "admin-pass",
                 "pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci",
                 "ssh": {"private-key": "ci_ed25519", "known-hosts": "known_hosts"},
                 "config": {"packages": "git", "gitea": {"token": "attr-token"}}}
                """, Map.of("PXCI_SHARE_PASSWORD", "smb-pass"));

        PipelineSettings p = PipelineConfig.read(s, dir, SHAPE);
        Files.writeString(knownHosts, "10.99.0.11 ssh-ed25519 AAAAfirst\n10.99.0.12 ssh-ed25519 AAAAmadeLater\n");

        assertThat(p.forgeVariables()).containsEntry("PROXMOX_URL", "https://10.99.0.1:8006")
                .containsEntry("PXCI_CONFIG", "deploy/ci.env").containsEntry("PXCI_CONFIGURATOR", "ansible")
                .containsEntry("PXCI_PLATFORM", "proxmox").containsEntry("PXCI_TRANSPORT", "ssh")
                .containsEntry("SSH_PUBLIC_KEY", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci")
                .containsEntry("SSH_KNOWN_HOSTS", Files.readString(knownHosts).strip());
        assertThat(String.join("\n", p.forgeVariables().values())).doesNotContain("tok-secret", "admin-pass", "smb-pass",
                "attr-token", "PRIVATE KEY");
        assertThat(p.forgeSecrets()).containsOnlyKeys("PROXMOX_SECRET", "SSH_PRIVATE_KEY", "PXCI_SECRETS");
        assertThat(p.forgeSecrets().get("SSH_PRIVATE_KEY").reveal()).isEqualTo(Files.readString(key).strip());
        JsonNode inner = new ObjectMapper().readTree(p.forgeSecrets().get("PXCI_SECRETS").reveal());
        assertThat(inner.path("gitea.user").asText()).isEqualTo("admin");
        assertThat(inner.path("gitea.password").asText()).isEqualTo("admin-pass");
        assertThat(inner.path("share.password").asText()).isEqualTo("smb-pass");
        assertThat(inner.path("config.packages").asText()).isEqualTo("git");
        assertThat(inner.path("config.gitea.token").asText()).isEqualTo("attr-token");
        assertThat(inner.has("proxmox.secret")).as("the Proxmox secret travels as its own secret").isFalse();

        Path innerFile = dir.resolve("inner.json");
        Files.writeString(innerFile, p.forgeSecrets().get("PXCI_SECRETS").reveal());
        Files.setPosixFilePermissions(innerFile, PosixFilePermissions.fromString("rw-------"));
        AdapterSettings read = AdapterSettings.load(Optional.of(innerFile), Map.of(), AdapterRegistry.fromClassPath());
        assertThat(read.secret("gitea.password").map(dev.pxci.ports.Secret::reveal)).as("the inner run reads it back")
                .contains("admin-pass");
        assertThat(read.plainAttributes()).containsEntry("config.packages", "git");
    }

    @Test
    void aDeploymentOutsideTheProjectIsNotNamedToTheReplicatedPipeline() throws IOException {
        PipelineSettings p = PipelineConfig.read(settings("{\"project\": \"sub\"}", Map.of()), dir, SHAPE);

        assertThat(p.forgeVariables()).doesNotContainKey("PXCI_CONFIG");
    }
}
