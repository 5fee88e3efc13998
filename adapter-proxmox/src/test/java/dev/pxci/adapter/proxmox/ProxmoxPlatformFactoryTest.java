package dev.pxci.adapter.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.proxmox.internal.ProxmoxSettings;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProxmoxPlatformFactoryTest {

    @Test
    void factoryIsFoundThroughTheServiceLoaderUnderTheNameProxmox() {
        @SuppressWarnings("rawtypes")
        List<AdapterFactory> found = ServiceLoader.load(AdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("proxmox")).toList();
        assertThat(found).singleElement().isInstanceOf(ProxmoxPlatformFactory.class);
        assertThat(found.get(0).port()).isEqualTo(dev.pxci.ports.platform.ContainerPlatform.class);
    }

    @Test
    void secretsAreMarkedAndDefaultsDeclared() {
        List<ConfigKey> keys = new ProxmoxPlatformFactory().configKeys();
        assertThat(keys).filteredOn(ConfigKey::secret).extracting(ConfigKey::name)
                .containsExactlyInAnyOrder("proxmox.secret", "proxmox.password");
        assertThat(keys).extracting(ConfigKey::name).containsExactly("proxmox.url", "proxmox.host", "proxmox.user",
                "proxmox.token", "proxmox.secret", "proxmox.password", "proxmox.fingerprint", "proxmox.ca-file",
                "proxmox.insecure", "proxmox.connect-timeout", "proxmox.read-timeout", "proxmox.task-timeout", "proxmox.readers",
                "proxmox.id-range");
        assertThat(keys).filteredOn(k -> k.name().equals("proxmox.task-timeout")).singleElement()
                .extracting(k -> new AdapterConfig(Map.of(k.name(), k.defaultValue().orElseThrow()), Map.of())
                        .getDuration(k.name(), Duration.ZERO))
                .as("the default shown is the one used").isEqualTo(Duration.ofMinutes(30))
                .isEqualTo(ProxmoxSettings.TASK_TIMEOUT.defaultValue());
    }
}
