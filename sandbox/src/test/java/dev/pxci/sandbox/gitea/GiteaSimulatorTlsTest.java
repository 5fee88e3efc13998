package dev.pxci.sandbox.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class GiteaSimulatorTlsTest {
    @Test
    void withTlsItServesHttpsUnderItsOwnCertificateOnly() throws Exception {
        try (GiteaSimulator sim = GiteaSimulator.builder().tls().start()) {
            assertThat(sim.baseUrl()).startsWith("https://127.0.0.1:");
            HttpRequest version = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v1/version")).build();

            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(sim.certificate().orElseThrow().clientContextTrustingOnlyThis()).build();
            HttpResponse<String> answer = trusting.send(version, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains(sim.version());

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(version, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void withoutTlsItServesPlainHttpAndHasNoCertificate() {
        try (GiteaSimulator sim = GiteaSimulator.builder().start()) {
            assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(sim.certificate()).isEmpty();
        }
    }
}
