package dev.pxci.adapter.ansible;

import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.ansible.internal.PlatformSettings;
import dev.pxci.adapter.ansible.internal.RunnerSettings;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/**
 * The {@code ansible} configurator: converges a bundle of playbooks into the container over SSH
 * from this machine, with host keys checked against a known_hosts file; check mode for dry runs.
 * Needs {@code ansible-playbook} here (Debian: package {@code ansible}) and python3 in the container.
 */
public final class AnsibleRunnerFactory implements AdapterFactory<ConfigurationRunner> {

    @Override
    public String name() {
        return "ansible";
    }

    @Override
    public Class<ConfigurationRunner> port() {
        return ConfigurationRunner.class;
    }

    @Override
    public String description() {
        return "Ansible playbooks run from here against the container over SSH (host keys checked; check mode for plans)";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.plain(RunnerSettings.PRIVATE_KEY, "path of the SSH private key for the container (never copied);"
                        + " default: ssh's own choice"),
                ConfigKey.plain(RunnerSettings.KNOWN_HOSTS, "known_hosts file holding the container's host key",
                        "~/.ssh/known_hosts"),
                PlatformSettings.TIMEOUT.key());
    }

    @Override
    public ConfigurationRunner create(AdapterConfig config) {
        return new AnsibleConfigurationRunner(RunnerSettings.from(config), new PlaybookRunner());
    }
}
