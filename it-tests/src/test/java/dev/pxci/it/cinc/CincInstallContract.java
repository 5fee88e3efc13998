package dev.pxci.it.cinc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing the client over any shell: a real Debian package (holding the stand-in client) is
 * downloaded inside the target from a loopback HTTP server, or uploaded, checked against its
 * SHA-256 and installed with the real {@code dpkg}, or refused when the checksum is wrong.
 */
abstract class CincInstallContract {
    static final String PACKAGE_PATH = "/cinc/18.6.2/cinc_18.6.2-1_all.deb";
    static TestTransport transport;

    @TempDir
    static Path tools;
    static Path deb;
    static String sha256;
    static WireMockServer http;

    @TempDir
    Path work;

    @BeforeAll
    static void buildAndServePackage() throws Exception {
        deb = StandInClient.buildPackage(tools);
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(deb)));
        http = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        http.start();
        http.stubFor(get(urlEqualTo(PACKAGE_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.debian.binary-package")
                .withBody(Files.readAllBytes(deb))));
    }

    @AfterAll
    static void stopServer() {
        http.stop();
    }

    @BeforeEach
    @AfterEach
    void purgeTestPackage() throws Exception {
        StandInClient.purgePackage();
    }

    ConfigurationRunner runner(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "cinc.client-path", StandInClient.INSTALLED_PATH,
                "cinc.run-dir", work.resolve("runs").toString()));
        values.putAll(extra);
        return Adapters.configurator("cinc", new AdapterConfig(values, Map.of()));
    }

    String url() {
        return "http://127.0.0.1:" + http.port() + PACKAGE_PATH;
    }

    @Test
    void aDownloadedPackageWithTheRightChecksumIsInstalled() throws Exception {
        InstallResult result = runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.of(url()), Optional.of(sha256), Optional.empty()));

        assertThat(result).isEqualTo(new InstallResult(Change.CREATED, "18.6.2"));
        assertThat(StandInClient.packageInstalled()).isTrue();
        assertThat(Path.of(StandInClient.INSTALLED_PATH)).isExecutable();
        http.verify(1, getRequestedFor(urlEqualTo(PACKAGE_PATH)));
    }

    @Test
    void theConfiguredUrlAndChecksumAreUsedForTheConfiguredVersion() throws Exception {
        ConfigurationRunner runner = runner(Map.of("cinc.package-url", url().replace("18.6.2", "{version}"),
                "cinc.sha256", sha256));

        InstallResult result = runner.ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(result.change()).isEqualTo(Change.CREATED);
        assertThat(StandInClient.packageInstalled()).isTrue();
    }

    @Test
    void aDownloadWithTheWrongChecksumInstallsNothing() throws Exception {
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.of(url()), Optional.of(wrong), Optional.empty())))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("has SHA-256 " + sha256)
                .hasMessageContaining(wrong + " was expected")
                .hasMessageContaining("nothing was installed")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.FAILED);
        assertThat(StandInClient.packageInstalled()).isFalse();
        assertThat(Path.of(StandInClient.INSTALLED_PATH)).doesNotExist();
        assertThat(work.resolve("runs")).isEmptyDirectory();
    }

    @Test
    void anUploadedPackageFileIsVerifiedAndInstalled() throws Exception {
        InstallResult result = runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.empty(), Optional.empty(), Optional.of(deb)));

        assertThat(result).isEqualTo(new InstallResult(Change.CREATED, "18.6.2"));
        assertThat(StandInClient.packageInstalled()).isTrue();
    }

    @Test
    void anUploadedPackageWithTheWrongChecksumInstallsNothing() throws Exception {
        String wrong = "f".repeat(64);

        assertThatThrownBy(() -> runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.empty(), Optional.of(wrong), Optional.of(deb))))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("has SHA-256 " + sha256);
        assertThat(StandInClient.packageInstalled()).isFalse();
    }

    @Test
    void theInstalledPinnedVersionIsLeftAloneAndAnotherVersionIsNotGuessed() throws Exception {
        ToolRequirement pinned = new ToolRequirement("18.6.2", Optional.of(url()), Optional.of(sha256), Optional.empty());
        runner(Map.of()).ensureInstalled(transport.shell(), pinned);
        http.resetRequests();

        InstallResult again = runner(Map.of()).ensureInstalled(transport.shell(), pinned);

        assertThat(again).isEqualTo(new InstallResult(Change.UNCHANGED, "18.6.2"));
        http.verify(0, getRequestedFor(urlEqualTo(PACKAGE_PATH)));
        assertThatThrownBy(() -> runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.7.10", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("cinc-client 18.6.2 is installed")
                .hasMessageContaining("18.7.10 is required")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void aMissingClientWithoutAPackageIsUnsupportedAndLatestIsRefused() {
        assertThatThrownBy(() -> runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("18.6.2", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("not installed")
                .satisfies(e -> assertThat(((PxciException) e).hint()).hasValueSatisfying(h ->
                        assertThat(h).contains("cinc.sha256", "cinc.package-file")));
        assertThatThrownBy(() -> runner(Map.of()).ensureInstalled(transport.shell(),
                new ToolRequirement("latest", Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("never 'latest'");
    }
}
