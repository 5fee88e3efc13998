package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxmoxSettingsTest {
    private static final String FINGERPRINT = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:"
            + "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    private static ProxmoxSettings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("proxmox.url", "https://pve.example.org:8006",
                "proxmox.token", "root@pam!ci"));
        overrides.forEach((k, v) -> {
            if (v == null) {
                values.remove(k);
            } else {
                values.put(k, v);
            }
        });
        return ProxmoxSettings.from(new AdapterConfig(values, Map.of("proxmox.secret", Secret.of("token-secret"),
                "proxmox.password", Secret.of("pw-secret"))));
    }

    private static void rejected(Map<String, String> overrides, String... fragments) {
        assertThatThrownBy(() -> settings(overrides))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(fragments).doesNotContain("token-secret", "pw-secret");
                });
    }

    @Test
    void defaultsAreTokenAuthSystemTrustAndDocumentedTimeouts() {
        ProxmoxSettings s = settings(Map.of());
        assertThat(s.apiBase()).isEqualTo(URI.create("https://pve.example.org:8006/api2/json"));
        assertThat(s.credentials()).isEqualTo(new Credentials.ApiToken("root@pam!ci", Secret.of("token-secret")));
        assertThat(s.tls()).isInstanceOf(TlsPolicy.SystemTrust.class);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.taskTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.idRange()).isEmpty();
    }

    @Test
    void urlKeepsAPathPrefixAndGetsTheApiPathOnce() {
        assertThat(settings(Map.of("proxmox.url", "https://proxy.example.org/pve/")).apiBase())
                .isEqualTo(URI.create("https://proxy.example.org/pve/api2/json"));
        assertThat(settings(Map.of("proxmox.url", "https://10.0.0.5:8006/api2/json")).apiBase())
                .isEqualTo(URI.create("https://10.0.0.5:8006/api2/json"));
    }

    @Test
    void seedStyleHostMeansPort8006() {
        Map<String, String> host = new HashMap<>();
        host.put("proxmox.url", null);
        host.put("proxmox.host", "pve1.lan");
        assertThat(settings(host).apiBase()).isEqualTo(URI.create("https://pve1.lan:8006/api2/json"));
        host.put("proxmox.host", "192.0.2.7:443");
        assertThat(settings(host).apiBase()).isEqualTo(URI.create("https://192.0.2.7:443/api2/json"));
        host.put("proxmox.host", "[2001:db8::7]");
        assertThat(settings(host).apiBase()).isEqualTo(URI.create("https://[2001:db8::7]:8006/api2/json"));
    }

    @Test
    void badAddressesAreRejectedNamingTheKey() {
        rejected(Map.of("proxmox.url", "http://pve:8006"), "proxmox.url", "https");
        rejected(Map.of("proxmox.url", "pve:8006 x"), "proxmox.url");
        rejected(Map.of("proxmox.host", "pve"), "both", "proxmox.url", "proxmox.host");
        Map<String, String> badHost = new HashMap<>();
        badHost.put("proxmox.url", null);
        badHost.put("proxmox.host", "pve/api");
        rejected(badHost, "proxmox.host", "host name");
        Map<String, String> none = new HashMap<>();
        none.put("proxmox.url", null);
        rejected(none, "proxmox.url", "required");
    }

    @Test
    void bareTokenNameIsCombinedWithTheUser() {
        ProxmoxSettings s = settings(Map.of("proxmox.token", "ci", "proxmox.user", "automation@pve"));
        assertThat(s.credentials().identity()).isEqualTo("automation@pve!ci");
    }

    @Test
    void malformedTokensAreRejectedSayingWhatIsAccepted() {
        rejected(Map.of("proxmox.token", "root@pam=ci"), "proxmox.token", "USER@REALM!TOKENID");
        rejected(Map.of("proxmox.token", "ci"), "proxmox.token", "proxmox.user");
        rejected(Map.of("proxmox.token", "root@pam!ci", "proxmox.user", "other@pve"), "belongs to root@pam");
        rejected(Map.of("proxmox.user", "root"), "proxmox.user", "USER@REALM");
    }

    @Test
    void passwordWithoutTokenMeansTicketAuth() {
        Map<String, String> ticket = new HashMap<>();
        ticket.put("proxmox.token", null);
        ticket.put("proxmox.user", "root@pam");
        assertThat(settings(ticket).credentials()).isInstanceOf(Credentials.Password.class)
                .extracting(Credentials::identity).isEqualTo("root@pam");
    }

    @Test
    void fingerprintIsAcceptedWithOrWithoutColonsAndRejectedOtherwise() {
        TlsPolicy pinned = settings(Map.of("proxmox.fingerprint", FINGERPRINT)).tls();
        assertThat(pinned).isInstanceOf(TlsPolicy.Pinned.class)
                .isEqualTo(settings(Map.of("proxmox.fingerprint", FINGERPRINT.replace(":", "").toLowerCase())).tls());
        rejected(Map.of("proxmox.fingerprint", "AA:BB:CC"), "proxmox.fingerprint", "64 hex digits");
        rejected(Map.of("proxmox.fingerprint", FINGERPRINT.replace("AA", "ZZ")), "proxmox.fingerprint");
        rejected(Map.of("proxmox.fingerprint", FINGERPRINT.replace(":", ":;")), "proxmox.fingerprint");
    }

    @Test
    void trustSettingsAreExclusive(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        rejected(Map.of("proxmox.fingerprint", FINGERPRINT, "proxmox.insecure", "true"), "exclusive");
        rejected(Map.of("proxmox.ca-file", ca.toString(), "proxmox.fingerprint", FINGERPRINT), "exclusive");
        rejected(Map.of("proxmox.ca-file", dir.resolve("missing.pem").toString()), "proxmox.ca-file", "not a readable file");
        assertThat(settings(Map.of("proxmox.insecure", "yes")).tls()).isInstanceOf(TlsPolicy.Insecure.class);
    }

    @Test
    void timeoutsAndIdRangeAreValidated() {
        ProxmoxSettings s = settings(Map.of("proxmox.task-timeout", "45m", "proxmox.read-timeout", "PT2M",
                "proxmox.id-range", "1000-1999"));
        assertThat(s.taskTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.idRange()).contains(new IdRange(1000, 1999));
        rejected(Map.of("proxmox.connect-timeout", "0s"), "proxmox.connect-timeout", "positive");
        rejected(Map.of("proxmox.id-range", "1999-1000"), "proxmox.id-range", "FIRST-LAST");
        rejected(Map.of("proxmox.id-range", "50-60"), "proxmox.id-range");
        rejected(Map.of("proxmox.id-range", "1000"), "proxmox.id-range");
    }

    @Test
    void readsInFlightDefaultTo16AndAreRefusedBeyondTheBound() {
        assertThat(settings(Map.of()).readers()).isEqualTo(16);
        assertThat(settings(Map.of("proxmox.readers", "12")).readers()).isEqualTo(12);
        rejected(Map.of("proxmox.readers", "0"), "proxmox.readers", "1 to 32");
        rejected(Map.of("proxmox.readers", "33"), "proxmox.readers", "1 to 32");
        rejected(Map.of("proxmox.readers", "many"), "proxmox.readers");
    }
}
