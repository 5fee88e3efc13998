package dev.pxci.adapter.cinc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, String> shown = new HashMap<>();
        factory.configKeys().forEach(k -> k.defaultValue().ifPresent(d -> shown.put(k.name(), d)));
        CincSettings defaults = CincSettings.defaults();
        assertThat(CincSettings.from(new AdapterConfig(shown, Map.of()))).as("the defaults shown are the ones used")
                .isEqualTo(defaults);
        assertThat(shown).containsKeys("cinc.version", "cinc.package-url", "cinc.run-dir", "cinc.sudo", "cinc.timeout",
                "cinc.install-timeout");
        assertThat(defaults.convergeTimeout().toMinutes()).isEqualTo(60);
        assertThat(defaults.installTimeout().toMinutes()).isEqualTo(15);
    }
}
