package dev.pxci.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.Templates;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.ShellQuoting;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PortsContractTest {

    @Test
    void aTemplateFileNameMatchesOnAnyStorageAndAVolumeIdOnlyItself() {
        String volid = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
        assertThat(Templates.names("debian-12-standard_12.7-1_amd64.tar.zst", volid)).isTrue();
        assertThat(Templates.names(volid, volid)).isTrue();
        assertThat(Templates.names("nfs:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", volid)).isFalse();
    }

    @Test
    void aSecretNeverPrintsItsValueAndIsReadOnlyOnPurpose() {
        Secret s = Secret.of("hunter2-value");

        assertThat(s.toString()).isEqualTo("***");
        assertThat(String.valueOf(List.of(s))).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2-value");
        assertThat(s.redactIn("token=hunter2-value;")).isEqualTo("token=***;");
        assertThat(s).isEqualTo(Secret.of("hunter2-value")).isNotEqualTo(Secret.of("other"));
    }

    @Test
    void quotingKeepsEveryArgumentOneWordForAPosixShell() {
        assertThat(ShellQuoting.quote("plain-word_1.2")).isEqualTo("plain-word_1.2");
        assertThat(ShellQuoting.quote("")).isEqualTo("''");
        assertThat(ShellQuoting.quote("it's $HOME; rm -rf /")).isEqualTo("'it'\"'\"'s $HOME; rm -rf /'");
        assertThat(ShellQuoting.join(List.of("echo", "a b", "c"))).isEqualTo("echo 'a b' c");
    }

    @Test
    void theLoggableFormOfACommandShowsNoSecret() {
        Command c = Command.of("useradd", "config").withEnvironment("LANG", "C")
                .withSecretEnvironment("TOKEN", Secret.of("t0ps3cret")).withStdin(Secret.of("p4ss"))
                .withTimeout(Duration.ofSeconds(5));

        assertThat(c.display()).isEqualTo("LANG=C TOKEN=*** useradd config <<< ***");
        assertThatThrownBy(() -> Command.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRejectValuesTheRealCallWouldRefuse() {
        assertThatThrownBy(() -> new NetworkInterface(0, "eth0", "vmbr0", "dhcp", Optional.empty(), OptionalInt.of(5000), false))
                .hasMessageContaining("VLAN tag must be between 1 and 4094");
        assertThatThrownBy(() -> new ContainerSpec(99, "pve", "t", null, List.of(), true))
                .hasMessageContaining("vmid must be between 100 and 999999999");
    }

    @Test
    void adapterSettingsParseTypedValuesAndNameTheKeyWhenTheyCannot() {
        AdapterConfig config = new AdapterConfig(Map.of("a.timeout", "30s", "a.flag", "yes", "a.count", "x"), Map.of());

        assertThat(config.getDuration("a.timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getBoolean("a.flag", false)).isTrue();
        assertThat(config.getDuration("a.missing", Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> config.getInt("a.count", 1)).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).isEqualTo("setting 'a.count' has the value 'x', which is not a whole number");
        });
        assertThatThrownBy(() -> config.requireSecret("a.secret")).hasMessageContaining("'a.secret' is required");
        assertThat(ConfigKey.secret("proxmox.secret", "").environmentVariable()).isEqualTo("PXCI_PROXMOX_SECRET");
        assertThatThrownBy(() -> new ConfigKey("k", "d", true, Optional.of("default"))).isInstanceOf(IllegalArgumentException.class);
    }
}
