package dev.pxci.adapter.proxmox;

import dev.pxci.adapter.proxmox.internal.ProxmoxSettings;
import dev.pxci.adapter.proxmox.internal.Tuning;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/**
 * The {@code proxmox} adapter: {@link ContainerPlatform} over the Proxmox VE REST API, with an API
 * token or a user/password ticket, TLS verified by default (system trust store, a CA file, or a
 * pinned certificate fingerprint). Cheap to construct; {@link #create} validates the settings and
 * connects on first use.
 */
public final class ProxmoxPlatformFactory implements AdapterFactory<ContainerPlatform> {

    @Override
    public String name() {
        return "proxmox";
    }

    @Override
    public Class<ContainerPlatform> port() {
        return ContainerPlatform.class;
    }

    @Override
    public String description() {
        return "Proxmox VE over its REST API (https://HOST:8006/api2/json), API token or root@pam ticket";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.plain(ProxmoxSettings.URL, "API address, https://HOST:8006 (/api2/json is appended)"),
                ConfigKey.plain(ProxmoxSettings.HOST, "instead of proxmox.url: HOST or HOST:PORT, meaning https://HOST:8006"),
                ConfigKey.plain(ProxmoxSettings.USER, "USER@REALM (root@pam): the ticket user, or the owner of a bare token name"),
                ConfigKey.plain(ProxmoxSettings.TOKEN, "API token id, USER@REALM!TOKENID or TOKENID with proxmox.user;"
                        + " preferred over the password when both are set"),
                ConfigKey.secret(ProxmoxSettings.SECRET, "the API token's secret"),
                ConfigKey.secret(ProxmoxSettings.PASSWORD, "password of proxmox.user, for ticket login (needed for"
                        + " root@pam-only settings)"),
                ConfigKey.plain(ProxmoxSettings.FINGERPRINT, "pinned SHA-256 fingerprint of the node's certificate"
                        + " (pvenode cert info), hex with or without colons"),
                ConfigKey.plain(ProxmoxSettings.CA_FILE, "PEM file of the CA to trust instead of the system trust store"),
                ProxmoxSettings.INSECURE.key(),
                ProxmoxSettings.CONNECT_TIMEOUT.key(),
                ProxmoxSettings.READ_TIMEOUT.key(),
                ProxmoxSettings.TASK_TIMEOUT.key(),
                ProxmoxSettings.READERS.key(),
                ConfigKey.plain(ProxmoxSettings.ID_RANGE, "ids this pipeline may allocate, FIRST-LAST (1000-1999);"
                        + " unset: /cluster/nextid"));
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        return create(config, Tuning.DEFAULT);
    }

    /** With other waiting and retry timings (tests use short ones). */
    ContainerPlatform create(AdapterConfig config, Tuning tuning) {
        return new ProxmoxPlatform(ProxmoxSettings.from(config), tuning);
    }
}
