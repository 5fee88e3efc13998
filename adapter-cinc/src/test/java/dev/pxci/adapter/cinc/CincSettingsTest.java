package dev.pxci.adapter.cinc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.spi.AdapterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CincSettingsTest {
    private static final String SHA = "a".repeat(64);

    private static CincSettings from(Map<String, String> values) {
        return CincSettings.from(new AdapterConfig(values, Map.of()));
    }

    @Test
    void defaultsPinAVersionAndDownloadNothingWithoutAChecksum() {
        CincSettings settings = CincSettings.defaults();

        assertThat(settings.version()).isEqualTo("18.6.2");
        assertThat(settings.runDirectory()).isEqualTo("/var/tmp/pxci-cinc");
        assertThat(settings.sudo()).isEqualTo(SudoMode.AUTO);
        assertThat(settings.convergeTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(settings.requirement()).isEqualTo(
                new ToolRequirement("18.6.2", Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aChecksumMakesTheVersionedPackageUrlTheSource() {
        CincSettings settings = from(Map.of(CincSettings.SHA256, SHA.toUpperCase(), CincSettings.VERSION.name(), "18.7.10"));

        assertThat(settings.requirement().packageUrl()).contains(
                "https://downloads.cinc.sh/files/stable/cinc/18.7.10/debian/12/cinc_18.7.10-1_amd64.deb");
        assertThat(settings.requirement().sha256()).contains(SHA);
    }

    @Test
    void latestIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of(CincSettings.VERSION.name(), "latest")))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("cinc.version").hasMessageContaining("never 'latest'")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void malformedValuesAreRefusedNamingTheirKeys() {
        assertThatThrownBy(() -> from(Map.of(CincSettings.SHA256, "abc"))).hasMessageContaining("cinc.sha256");
        assertThatThrownBy(() -> from(Map.of(CincSettings.SUDO.name(), "maybe"))).hasMessageContaining("cinc.sudo");
        assertThatThrownBy(() -> from(Map.of(CincSettings.RUN_DIR.name(), "relative/dir"))).hasMessageContaining("cinc.run-dir");
        assertThatThrownBy(() -> from(Map.of(CincSettings.RUN_DIR.name(), "/"))).hasMessageContaining("cinc.run-dir");
        assertThatThrownBy(() -> from(Map.of(CincSettings.PACKAGE_URL.name(), "ftp://host/cinc.deb")))
                .hasMessageContaining("cinc.package-url");
        assertThatThrownBy(() -> from(Map.of(CincSettings.PACKAGE_URL.name(), "https://host/cinc.tar.gz")))
                .hasMessageContaining(".deb or .rpm");
        assertThatThrownBy(() -> from(Map.of(CincSettings.PACKAGE_FILE, "/no/such/cinc.deb")))
                .hasMessageContaining("cinc.package-file");
    }

    @Test
    void credentialsInThePackageUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> from(Map.of(CincSettings.PACKAGE_URL.name(), "https://user:hunter2@host/cinc.deb")))
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void sudoAcceptsItsThreeSpellings() {
        assertThat(from(Map.of(CincSettings.SUDO.name(), "true")).sudo()).isEqualTo(SudoMode.ALWAYS);
        assertThat(from(Map.of(CincSettings.SUDO.name(), "false")).sudo()).isEqualTo(SudoMode.NEVER);
        assertThat(from(Map.of(CincSettings.SUDO.name(), "AUTO")).sudo()).isEqualTo(SudoMode.AUTO);
    }
}
