package dev.pxci.adapter.gitea.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.spi.AdapterConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GiteaSettingsTest {
    private static GiteaSettings settings(String url, boolean insecure) {
        return GiteaSettings.from(new AdapterConfig(Map.of("gitea.url", url, "gitea.insecure", String.valueOf(insecure)),
                Map.of()));
    }

    @Test
    void plainHttpToANonLoopbackHostIsAWarning() {
        assertThat(settings("http://10.0.0.5:8080", false).warnings()).singleElement()
                .satisfies(w -> assertThat(w).contains("plain HTTP", "http://10.0.0.5:8080"));
        assertThat(settings("http://127.0.0.1:8080", false).warnings()).isEmpty();
        assertThat(settings("http://localhost:8080/", false).warnings()).isEmpty();
        assertThat(settings("https://gitea.example", false).warnings()).isEmpty();
    }

    @Test
    void insecureTlsIsAWarning() {
        assertThat(settings("https://gitea.example", true).warnings()).singleElement()
                .satisfies(w -> assertThat(w).contains("OFF", "gitea.insecure"));
    }

    @Test
    void trailingSlashesAreDropped() {
        assertThat(settings("http://127.0.0.1:8080/gitea/", false).url().toString()).isEqualTo("http://127.0.0.1:8080/gitea");
    }
}
