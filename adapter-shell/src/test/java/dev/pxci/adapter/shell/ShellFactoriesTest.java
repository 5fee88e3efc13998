package dev.pxci.adapter.shell;

import dev.pxci.adapter.shell.internal.HostKeyPolicy;
import dev.pxci.adapter.shell.internal.SshSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellFactoriesTest {
    @TempDir
    static Path dir;
    static Path key;
    static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

    @BeforeAll
    static void makeKey() {
        key = SshKeys.generate(dir, "id_ed25519", "ed25519", "");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void bothTransportsAreFoundThroughTheServiceLoader() {
        List<String> names = ServiceLoader.load(AdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.port() == ShellConnector.class)
                .map(AdapterFactory::name)
                .toList();

        assertThat(names).containsExactlyInAnyOrder("ssh", "local");
    }

    @Test
    void sshDeclaresItsKeysWithSecretsMarkedAndDefaultsShown() {
        List<ConfigKey> keys = new SshShellFactory().configKeys();

        assertThat(keys).extracting(ConfigKey::name).containsExactly("ssh.private-key", "ssh.passphrase",
                "ssh.password", "ssh.known-hosts", "ssh.host-key-fingerprint", "ssh.host-key-policy",
                "ssh.connect-timeout", "ssh.keepalive");
        assertThat(keys).filteredOn(ConfigKey::secret).extracting(ConfigKey::name)
                .containsExactlyInAnyOrder("ssh.passphrase", "ssh.password");
        assertThat(keys).filteredOn(k -> k.name().equals("ssh.host-key-policy"))
                .extracting(k -> k.defaultValue().orElseThrow()).containsExactly("strict");
    }

    @Test
    void settingsHaveSafeDefaults() {
        SshSettings settings = SshSettings.from(config(Map.of("ssh.private-key", key.toString())));

        assertThat(settings.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(settings.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.keepalive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.hostKeyFingerprint()).isEmpty();
    }

    @Test
    void aPinnedFingerprintIsAcceptedWithOrWithoutPadding() {
        SshSettings settings = SshSettings.from(config(Map.of("ssh.private-key", key.toString(),
                "ssh.host-key-fingerprint", FINGERPRINT + "=")));

        assertThat(settings.hostKeyFingerprint()).contains(FINGERPRINT);
    }

    @Test
    void badValuesFailWithInvalidInputNamingTheKey() {
        assertInvalid(Map.of(), "ssh.private-key");
        assertInvalid(Map.of("ssh.private-key", dir.resolve("missing").toString()), "ssh.private-key");
        assertInvalid(Map.of("ssh.private-key", key.resolveSibling("id_ed25519.pub").toString()), "ssh.private-key");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.host-key-policy", "yes"), "ssh.host-key-policy");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.host-key-fingerprint", "MD5:aa:bb"),
                "ssh.host-key-fingerprint");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.host-key-fingerprint", FINGERPRINT,
                "ssh.host-key-policy", "accept-new"), "ssh.host-key-policy");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.connect-timeout", "soon"), "ssh.connect-timeout");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.connect-timeout", "0s"), "ssh.connect-timeout");
        assertInvalid(Map.of("ssh.private-key", key.toString(), "ssh.keepalive", "-5s"), "ssh.keepalive");
    }

    @Test
    void aPasswordAloneIsEnoughWhenExplicitlyConfigured() {
        ShellConnector connector = new SshShellFactory().create(
                new AdapterConfig(Map.of(), Map.of("ssh.password", Secret.of("pw"))));

        assertThat(connector).isInstanceOf(SshShellConnector.class);
    }

    private static void assertInvalid(Map<String, String> values, String key) {
        assertThatThrownBy(() -> new SshShellFactory().create(config(values)))
                .as("%s", values)
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'" + key + "'");
                });
    }

    private static AdapterConfig config(Map<String, String> values) {
        return new AdapterConfig(new HashMap<>(values), Map.of());
    }
}
