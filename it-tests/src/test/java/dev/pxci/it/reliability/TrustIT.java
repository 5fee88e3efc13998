package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.adapter.gitea.GiteaForgeFactory;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.SelfSignedCertificate;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is verified unless the user turns it off, and then every run says so: the proxmox adapter
 * against the Proxmox VE simulator's self-signed certificate, the gitea adapter against the Gitea
 * simulator serving HTTPS, and the CLI's warnings. (SSH host keys: {@link ShellFaultsIT}.)
 */
class TrustIT {
    private static final String INSECURE_PROXMOX = "pxci: warning: TLS certificate verification is OFF for https://127.0.0.1:";

    @TempDir
    Path dir;
    private PveSimulator pve;
    private GiteaSimulator gitea;

    @BeforeEach
    void start() throws IOException {
        pve = Pve.simulator();
        gitea = GiteaSimulator.builder().tls().start();
        Files.writeString(dir.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254/24\nMOUNT=share:4\n");
    }

    @AfterEach
    void stop() {
        gitea.close();
        pve.close();
    }

    private ContainerPlatform proxmox(Map<String, String> trust) {
        Map<String, String> plain = new HashMap<>(Map.of("proxmox.url", pve.baseUrl(), "proxmox.token", pve.tokenId()));
        plain.putAll(trust);
        return new dev.pxci.adapter.proxmox.ProxmoxPlatformFactory().create(new AdapterConfig(plain,
                Map.of("proxmox.secret", Secret.of(pve.tokenSecret()))));
    }

    private static PxciException refusal(ContainerPlatform platform) {
        try (platform) {
            platform.nodes();
            throw new AssertionError("the connection was not refused");
        } catch (PxciException e) {
            return e;
        }
    }

    @Test
    void proxmoxTlsIsVerifiedByDefaultAndTheRefusalNamesTheCertificatesFingerprint() {
        PxciException e = refusal(proxmox(Map.of()));

        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("TLS", "not trusted by the system trust store", pve.fingerprint());
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("proxmox.fingerprint=" + pve.fingerprint()));
        assertThat(pve.requestCounts()).as("no request got through").isEmpty();
    }

    @Test
    void aWrongPinnedFingerprintIsRefusedNamingBothFingerprints() {
        String wrong = SelfSignedCertificate.generate().fingerprintSha256();

        PxciException e = refusal(proxmox(Map.of("proxmox.fingerprint", wrong)));

        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains(pve.fingerprint(), "not the pinned " + wrong);
        assertThat(pve.requestCounts()).isEmpty();
    }

    @Test
    void theRightPinOrTheRightCaFileIsAcceptedAndAnotherCaIsRefused() throws IOException {
        try (ContainerPlatform pinned = proxmox(Map.of("proxmox.fingerprint", pve.fingerprint().replace(":", "").toLowerCase()))) {
            assertThat(pinned.nodes()).isNotEmpty();
        }
        Path ca = Files.writeString(dir.resolve("pve-root-ca.pem"), pve.certificatePem());
        try (ContainerPlatform trusted = proxmox(Map.of("proxmox.ca-file", ca.toString()))) {
            assertThat(trusted.nodes()).isNotEmpty();
        }
        Path other = Files.writeString(dir.resolve("other-ca.pem"), SelfSignedCertificate.generate().pem());
        PxciException e = refusal(proxmox(Map.of("proxmox.ca-file", other.toString())));
        assertThat(e.getMessage()).contains("is not issued by a CA in " + other, pve.fingerprint());
    }

    @Test
    void insecureProxmoxIsWarnedAboutOnEveryRunWhateverTheCommandAndOutput() {
        Map<String, String> env = new HashMap<>(PxciProcess.proxmoxEnvironment(pve));
        env.remove("PXCI_PROXMOX_FINGERPRINT");
        env.put("PXCI_PROXMOX_INSECURE", "true");

        for (List<String> args : List.of(List.of("plan"), List.of("apply", "--stage", "provision"),
                List.of("apply", "--stage", "provision", "--output", "json"), List.of("status"), List.of("verify",
                        "--stage", "provision"))) {
            InProcessCli.Result run = InProcessCli.run(dir, env, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stderr()).as("%s", args).contains(INSECURE_PROXMOX, "proxmox.insecure=true",
                    "pin the certificate with proxmox.fingerprint");
        }

        env.remove("PXCI_PROXMOX_INSECURE");
        env.put("PXCI_PROXMOX_FINGERPRINT", pve.fingerprint());
        InProcessCli.Result pinned = InProcessCli.run(dir, env, "plan");
        assertThat(pinned.exitCode()).as(pinned.all()).isZero();
        assertThat(pinned.stderr()).doesNotContain("warning");
    }

    @Test
    void giteaTlsIsVerifiedByDefaultAndInsecureGiteaWorksButSaysSo() {
        Map<String, String> plain = new HashMap<>(Map.of("gitea.url", gitea.baseUrl()));
        Map<String, Secret> token = Map.of("gitea.token", Secret.of(gitea.adminToken()));

        try (Forge verified = new GiteaForgeFactory().create(new AdapterConfig(plain, token))) {
            assertThatThrownBy(verified::info).isInstanceOfSatisfying(PxciException.class, e -> {
                assertThat(e.getMessage()).contains("TLS with Gitea at " + gitea.baseUrl() + " failed");
                assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("gitea.insecure=true"));
            });
        }
        assertThat(gitea.requests()).as("no request got through").isEmpty();

        plain.put("gitea.insecure", "true");
        try (Forge insecure = new GiteaForgeFactory().create(new AdapterConfig(plain, token))) {
            assertThat(insecure.info().warnings()).anySatisfy(w -> assertThat(w)
                    .contains("TLS certificate verification for Gitea at " + gitea.baseUrl() + " is OFF"));
        }
    }

    @Test
    void insecureGiteaIsWarnedAboutOnEveryRunThatReachesIt() {
        Map<String, String> env = new HashMap<>(PxciProcess.proxmoxEnvironment(pve));
        env.put("PXCI_GITEA_URL", gitea.baseUrl());
        env.put("PXCI_GITEA_TOKEN", gitea.adminToken());
        env.put("PXCI_GITEA_INSECURE", "true");
        env.put("PXCI_PROJECT", dir.toString());

        for (List<String> args : List.of(List.of("apply"), List.of("apply"), List.of("apply", "--output", "json"),
                List.of("verify", "--stage", "replicate"))) {
            InProcessCli.Result run = InProcessCli.run(dir, env, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.stderr()).as("%s", args).contains("pxci: warning: TLS certificate verification for Gitea at "
                    + gitea.baseUrl() + " is OFF (gitea.insecure=true)");
        }
        assertThat(gitea.repository("srv", "pxci")).as("the insecure connection was used").isPresent();
    }
}
