package dev.pxci.adapter.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FactoriesTest {

    @Test
    void bothFactoriesAreFoundThroughTheSpiUnderTheNameAnsible() {
        List<Class<?>> ports = ServiceLoader.load(AdapterFactory.class).stream()
                .<AdapterFactory<?>>map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("ansible"))
                .<Class<?>>map(AdapterFactory::port)
                .toList();

        assertThat(ports).containsExactlyInAnyOrder(ContainerPlatform.class, ConfigurationRunner.class);
    }

    @Test
    void thePlatformMirrorsTheProxmoxAdaptersKeysAndMarksOnlyTheTokenSecret() {
        List<ConfigKey> keys = new AnsiblePlatformFactory().configKeys();

        assertThat(keys).extracting(ConfigKey::name).contains("proxmox.url", "proxmox.host", "proxmox.user", "proxmox.token",
                "proxmox.secret", "proxmox.ca-file", "proxmox.fingerprint", "proxmox.insecure", "ansible.playbook-dir",
                "ansible.timeout");
        assertThat(keys).filteredOn(ConfigKey::secret).extracting(ConfigKey::name).containsExactly("proxmox.secret");
        assertThat(new AnsibleRunnerFactory().configKeys()).extracting(ConfigKey::name)
                .containsExactly("ansible.ssh-private-key", "ansible.known-hosts", "ansible.timeout");
    }
}
