package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        PipelineSettings p = PipelineConfig.read(s, dir);

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
        PipelineSettings p = PipelineConfig.read(settings("{}", Map.of("PXCI_DEPTH", "1", "PXCI_SELF", "pve/254")), dir);

        assertThat(p.guard().decide("pve/254").trigger()).isFalse();
        assertThatThrownBy(() -> PipelineConfig.read(settings("{}", Map.of("PXCI_DEPTH", "deep")), dir))
                .hasMessageContaining("'depth' has the value 'deep'");
    }
}
