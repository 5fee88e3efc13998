package dev.pxci.adapter.ansible;

import dev.pxci.adapter.ansible.internal.PlatformSettings;
import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.ansible.internal.ProxmoxEndpoint;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterContext;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/**
 * The {@code ansible} platform: {@link ContainerPlatform} by running the base playbook
 * ({@code infra/base}) with the Proxmox LXC module of the installed collection (community.proxmox,
 * else community.general), and reading the API through {@code ansible.builtin.uri}. Needs
 * {@code ansible-playbook} (Debian: package {@code ansible}) and proxmoxer for its Python (Debian:
 * {@code python3-proxmoxer}). API token only; certificates verified unless turned off.
 */
public final class AnsiblePlatformFactory implements AdapterFactory<ContainerPlatform> {

    @Override
    public String name() {
        return "ansible";
    }

    @Override
    public Class<ContainerPlatform> port() {
        return ContainerPlatform.class;
    }

    @Override
    public String description() {
        return "Proxmox VE through Ansible: the base playbook (infra/base) with the community.general/community.proxmox"
                + " proxmox module, API token";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.plain(ProxmoxEndpoint.URL, "API address, https://HOST:8006"),
                ConfigKey.plain(ProxmoxEndpoint.HOST, "instead of proxmox.url: HOST or HOST:PORT (port 8006 when left out)"),
                ConfigKey.plain(ProxmoxEndpoint.USER, "USER@REALM owning the token, when proxmox.token is a bare token name"),
                ConfigKey.plain(ProxmoxEndpoint.TOKEN, "API token id, USER@REALM!TOKENID (or TOKENID with proxmox.user)"),
                ConfigKey.secret(ProxmoxEndpoint.SECRET, "the API token's secret"),
                ConfigKey.plain(ProxmoxEndpoint.CA_FILE, "PEM file of the CA to trust instead of the system trust store"),
                ConfigKey.plain(ProxmoxEndpoint.FINGERPRINT, "pinned SHA-256 fingerprint of the node's self-signed certificate"
                        + " (pvenode cert info), hex with or without colons"),
                ProxmoxEndpoint.INSECURE.key(),
                ConfigKey.plain(PlatformSettings.PLAYBOOK_DIR, "directory of the base playbook (default.yml, roles/base);"
                        + " default: infra/base of the repository around the working directory"),
                PlatformSettings.TIMEOUT.key(),
                PlatformSettings.TASK_TIMEOUT.key());
    }

    @Override
    public ContainerPlatform create(AdapterConfig config) {
        return create(config, AdapterContext.DEFAULT);
    }

    /** Every playbook event goes to the context's progress as a line free of secrets. */
    @Override
    public ContainerPlatform create(AdapterConfig config, AdapterContext context) {
        return new AnsiblePlatform(PlatformSettings.from(config), new PlaybookRunner(), context.progress());
    }
}
