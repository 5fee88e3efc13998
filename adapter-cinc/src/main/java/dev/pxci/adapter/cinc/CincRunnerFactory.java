package dev.pxci.adapter.cinc;

import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/** The {@code cinc} configurator: Cinc Client in local mode inside the container, through any shell. */
public final class CincRunnerFactory implements AdapterFactory<ConfigurationRunner> {

    @Override
    public String name() {
        return "cinc";
    }

    @Override
    public Class<ConfigurationRunner> port() {
        return ConfigurationRunner.class;
    }

    @Override
    public String description() {
        return "Cinc Client in local mode (cookbooks), pinned and checksum-verified install, over ssh or local";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                CincSettings.VERSION.key(),
                CincSettings.PACKAGE_URL.key(),
                ConfigKey.plain(CincSettings.SHA256, "SHA-256 of the package; nothing is downloaded without it"),
                ConfigKey.plain(CincSettings.PACKAGE_FILE, "local .deb or .rpm uploaded instead of downloading"),
                CincSettings.RUN_DIR.key(),
                CincSettings.SUDO.key(),
                ConfigKey.plain(CincSettings.CLIENT_PATH,
                        "client binary; default /opt/cinc/bin/cinc-client, then cinc-client on the PATH"),
                CincSettings.TIMEOUT.key(),
                CincSettings.INSTALL_TIMEOUT.key());
    }

    @Override
    public ConfigurationRunner create(AdapterConfig config) {
        return new CincRunner(CincSettings.from(config));
    }
}
