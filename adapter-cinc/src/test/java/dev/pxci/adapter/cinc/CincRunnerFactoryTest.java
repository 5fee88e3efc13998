package dev.pxci.adapter.cinc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CincRunnerFactoryTest {

    @Test
    void isFoundThroughTheServiceLoaderAsCincForTheConfigurationPort() {
        @SuppressWarnings("rawtypes")
        AdapterFactory factory = ServiceLoader.load(AdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("cinc"))
                .findFirst().orElseThrow();

        assertThat(factory.port()).isEqualTo(ConfigurationRunner.class);
        ConfigurationRunner runner = (ConfigurationRunner) factory.create(AdapterConfig.empty());
        assertThat(runner.tool()).isEqualTo("cinc");
    }

    @Test
    void declaresEveryKeyItReadsWithTheDefaultsItUses() {
        CincRunnerFactory factory = new CincRunnerFactory();

        assertThat(factory.configKeys()).extracting(ConfigKey::name).containsExactly(
                "cinc.version", "cinc.package-url", "cinc.sha256", "cinc.package-file", "cinc.run-dir",
                "cinc.sudo", "cinc.client-path", "cinc.timeout", "cinc.install-timeout");
        assertThat(factory.configKeys()).filteredOn(k -> k.name().equals("cinc.version"))
                .extracting(k -> k.defaultValue().orElseThrow()).containsExactly(CincSettings.DEFAULT_VERSION);
        CincSettings defaults = CincSettings.defaults();
        assertThat(factory.configKeys()).filteredOn(k -> k.name().equals("cinc.timeout"))
                .extracting(k -> k.defaultValue().orElseThrow()).containsExactly("60m");
        assertThat(defaults.convergeTimeout().toMinutes()).isEqualTo(60);
        assertThat(defaults.installTimeout().toMinutes()).isEqualTo(15);
    }
}
