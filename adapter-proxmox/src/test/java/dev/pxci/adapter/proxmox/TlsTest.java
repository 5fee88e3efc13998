package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.PlatformInfo;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsTest {
    private static PveServer server;

    @BeforeAll
    static void startServer() {
        server = new PveServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void stubVersion() {
        server.reset();
        server.version("pve-manager");
    }

    private ContainerPlatform platformWith(String key, String value) {
        Map<String, String> values = server.tokenSettings();
        values.remove("proxmox.fingerprint");
        if (key != null) {
            values.put(key, value);
        }
        return server.platform(values, Map.of("proxmox.secret", Secret.of(PveServer.TOKEN_SECRET)), PveServer.FAST);
    }

    @Test
    void pinnedFingerprintIsAcceptedWithOrWithoutColons() {
        String withColons = server.certificate.fingerprint;
        for (String pin : new String[] {withColons, withColons.replace(":", "").toLowerCase(java.util.Locale.ROOT)}) {
            try (ContainerPlatform platform = platformWith("proxmox.fingerprint", pin)) {
                PlatformInfo info = platform.info();
                assertThat(info.version()).isEqualTo("9.1");
                assertThat(info.warnings()).isEmpty();
            }
        }
    }

    @Test
    void wrongPinnedFingerprintIsRefusedNamingTheFingerprintSeen() {
        String wrong = "AB:".repeat(31) + "AB";
        try (ContainerPlatform platform = platformWith("proxmox.fingerprint", wrong)) {
            assertThatThrownBy(platform::info)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains(server.certificate.fingerprint).contains("not the pinned " + wrong);
                        assertThat(e.hint()).get().asString().contains("proxmox.fingerprint=" + server.certificate.fingerprint);
                    });
        }
        server.wm.verify(0, getRequestedFor(urlPathEqualTo(PveServer.API + "/version")));
    }

    @Test
    void systemTrustStoreRefusesTheSelfSignedCertificateAndPrintsItsFingerprint() {
        try (ContainerPlatform platform = platformWith(null, null)) {
            assertThatThrownBy(platform::info)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("not trusted by the system trust store")
                                .contains(server.certificate.fingerprint);
                    });
        }
    }

    @Test
    void caFileMakesTheCertificateTrustedWithHostNameVerification() {
        try (ContainerPlatform platform = platformWith("proxmox.ca-file", server.certificate.pem.toString())) {
            assertThat(platform.info().product()).isEqualTo("Proxmox VE");
        }
    }

    @Test
    void insecureModeConnectsAndWarnsOnEveryRun() {
        try (ContainerPlatform platform = platformWith("proxmox.insecure", "true")) {
            assertThat(platform.info().warnings()).singleElement().asString()
                    .contains("TLS certificate verification is OFF").contains(server.url());
        }
    }
}
