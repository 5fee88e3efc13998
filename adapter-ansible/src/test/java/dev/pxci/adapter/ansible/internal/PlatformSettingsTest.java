package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSettingsTest {
    private static final Map<String, Secret> SECRET = Map.of("proxmox.secret", Secret.of("s"));

    @TempDir
    Path dir;

    @Test
    void theRepositorysBasePlaybookIsTheDefaultAndTimeoutsHaveDefaults() {
        PlatformSettings settings = PlatformSettings.from(config(Map.of()));

        assertThat(settings.playbook()).isRegularFile().endsWith(Path.of("infra", "base", "default.yml"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.taskTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theBasePlaybookIsFoundFromAnyDirectoryBelowTheRepository() throws Exception {
        Path nested = Files.createDirectories(dir.resolve("a/b/c"));
        Files.createDirectories(dir.resolve("infra/base/roles/base"));
        Files.writeString(dir.resolve("infra/base/default.yml"), "---\n");

        assertThat(PlatformSettings.findInRepository(nested)).contains(dir.resolve("infra/base"));
        assertThat(PlatformSettings.findInRepository(Path.of("/"))).isEmpty();
    }

    @Test
    void aPlaybookDirectoryWithoutTheBasePlaybookOrABadTimeoutIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> PlatformSettings.from(config(Map.of("ansible.playbook-dir", dir.toString()))))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("ansible.playbook-dir");
        assertThatThrownBy(() -> PlatformSettings.from(config(Map.of("ansible.timeout", "0s"))))
                .hasMessageContaining("ansible.timeout");
        assertThatThrownBy(() -> PlatformSettings.from(config(Map.of("ansible.task-timeout", "soon"))))
                .hasMessageContaining("ansible.task-timeout");
    }

    private static AdapterConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("proxmox.host", "pve", "proxmox.token", "root@pam!pxci"));
        values.putAll(extra);
        return new AdapterConfig(values, SECRET);
    }
}
