package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxmoxEndpointTest {
    private static final Map<String, Secret> SECRET = Map.of("proxmox.secret", Secret.of("s"));

    @Test
    void urlBecomesHostAndPortForTheModuleAndTheApiRootForUri() {
        ProxmoxEndpoint e = ProxmoxEndpoint.from(new AdapterConfig(
                Map.of("proxmox.url", "https://127.0.0.1:37123", "proxmox.token", "root@pam!pxci"), SECRET));

        assertThat(e.apiHost()).isEqualTo("127.0.0.1:37123");
        assertThat(e.apiUrl()).isEqualTo("https://127.0.0.1:37123/api2/json");
        assertThat(e.user()).isEqualTo("root@pam");
        assertThat(e.tokenName()).isEqualTo("pxci");
        assertThat(e.authorization().reveal()).isEqualTo("PVEAPIToken=root@pam!pxci=s");
        assertThat(e.insecure()).isFalse();
    }

    @Test
    void hostWithoutPortMeans8006AndABareTokenTakesTheUser() {
        ProxmoxEndpoint e = ProxmoxEndpoint.from(new AdapterConfig(
                Map.of("proxmox.host", "pve.example.org", "proxmox.user", "ci@pve", "proxmox.token", "deploy"), SECRET));

        assertThat(e.apiHost()).isEqualTo("pve.example.org:8006");
        assertThat(e.tokenId()).isEqualTo("ci@pve!deploy");
    }

    @Test
    void inconsistentOrUnsafeSettingsAreRejectedNamingTheKey() {
        assertInvalid(Map.of("proxmox.url", "http://pve:8006", "proxmox.token", "root@pam!pxci"), "proxmox.url");
        assertInvalid(Map.of("proxmox.url", "https://pve:8006", "proxmox.host", "pve", "proxmox.token", "root@pam!pxci"),
                "proxmox.host");
        assertInvalid(Map.of("proxmox.host", "pve", "proxmox.token", "pxci"), "proxmox.user");
        assertInvalid(Map.of("proxmox.host", "pve", "proxmox.user", "ci@pve", "proxmox.token", "root@pam!pxci"), "proxmox.user");
        assertInvalid(Map.of("proxmox.host", "pve", "proxmox.token", "root@pam!pxci", "proxmox.ca-file", "/nonexistent.pem"),
                "proxmox.ca-file");
        assertThatThrownBy(() -> ProxmoxEndpoint.from(new AdapterConfig(Map.of("proxmox.host", "pve", "proxmox.token",
                "root@pam!pxci"), Map.of()))).hasMessageContaining("proxmox.secret");
    }

    private static void assertInvalid(Map<String, String> values, String key) {
        assertThatThrownBy(() -> ProxmoxEndpoint.from(new AdapterConfig(values, SECRET)))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(key);
    }
}
