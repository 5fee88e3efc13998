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
                ConfigKey.plain(CincSettings.VERSION, "pinned Cinc Client version (never 'latest')",
                        CincSettings.DEFAULT_VERSION),
                ConfigKey.plain(CincSettings.PACKAGE_URL, "package downloaded inside the container; {version} is replaced",
                        CincSettings.DEFAULT_PACKAGE_URL),
                ConfigKey.plain(CincSettings.SHA256, "SHA-256 of the package; nothing is downloaded without it"),
                ConfigKey.plain(CincSettings.PACKAGE_FILE, "local .deb or .rpm uploaded instead of downloading"),
                ConfigKey.plain(CincSettings.RUN_DIR, "directory in the container holding one private directory per run",
                        CincSettings.DEFAULT_RUN_DIR),
                ConfigKey.plain(CincSettings.SUDO, "auto (sudo -n when the login user is not root), true or false", "auto"),
                ConfigKey.plain(CincSettings.CLIENT_PATH,
                        "client binary; default /opt/cinc/bin/cinc-client, then cinc-client on the PATH"),
                ConfigKey.plain(CincSettings.TIMEOUT, "how long one converge may run", "60m"),
                ConfigKey.plain(CincSettings.INSTALL_TIMEOUT, "how long downloading and installing may take", "15m"));
    }

    @Override
    public ConfigurationRunner create(AdapterConfig config) {
        return new CincRunner(CincSettings.from(config));
    }
}
