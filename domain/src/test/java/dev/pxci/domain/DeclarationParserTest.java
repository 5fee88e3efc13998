package dev.pxci.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.EnvKey;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeclarationParserTest {
    private static final String SEED = """
            # the seed's config.env
            IP=192.168.178.254
            ID=254
            HOSTNAME=git
            CORES=4
            MEMORY=6192
            SWAP=1024
            DISK=local-lvm:16
            BOOT=yes
            MOUNT=share:32,media:8
            TERMINATE=false
            GATEWAY=192.168.178.1
            """;

    @Test
    void theRepositorysConfigEnvIsValidAndSetsEveryKeyUnderAComment() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of("..", "config.env");
        List<String> lines = java.nio.file.Files.readAllLines(file);
        for (EnvKey key : EnvKey.values()) {
            int at = -1;
            for (int i = 0; i < lines.size() && at < 0; i++) {
                at = lines.get(i).startsWith(key.name() + "=") ? i : -1;
            }
            assertThat(at).as(key + " is set in config.env").isNotNegative();
            int above = at - 1;
            while (above >= 0 && lines.get(above).matches("[A-Z_]+=.*")) {
                above--;
            }
            assertThat(above).as(key + " has a comment above its block").isNotNegative();
            assertThat(lines.get(above)).as(key + " has a comment above its block").startsWith("#");
        }
        assertThat(DeploymentLoader.single(new SourceText("config.env", java.nio.file.Files.readString(file))).containers())
                .hasSize(1);
    }

    @Test
    void readsTheSeedsConfigEnv() {
        ContainerDeclaration c = DeploymentLoader.single(new SourceText("config.env", SEED)).containers().get(0);

        assertThat(c.spec().vmid()).isEqualTo(254);
        assertThat(c.spec().node()).isEqualTo("pve");
        assertThat(c.spec().config().hostname()).isEqualTo("git");
        assertThat(c.spec().config().cores()).isEqualTo(4);
        assertThat(c.spec().config().memoryMiB()).isEqualTo(6192);
        assertThat(c.spec().config().rootDisk().sizeGiB()).isEqualTo(16);
        assertThat(c.spec().config().onboot()).isTrue();
        assertThat(c.spec().config().mounts()).containsExactly(
                new MountPoint(0, "local-lvm", 32, "/share", true), new MountPoint(1, "local-lvm", 8, "/share/media", true));
        NetworkInterface eth0 = c.spec().config().networks().get(0);
        assertThat(eth0.ipv4()).isEqualTo("192.168.178.254/24");
        assertThat(eth0.gateway()).contains("192.168.178.1");
        assertThat(eth0.bridge()).isEqualTo("vmbr0");
        assertThat(c.address()).contains("192.168.178.254");
        assertThat(c.replaceAllowed()).isFalse();
    }

    @Test
    void anUnknownKeyNamesFileLineAndTheNearestKey() {
        assertThatThrownBy(() -> DeploymentLoader.single(new SourceText("config.env", "ID=101\nHOSTNAME=a\nIP=dhcp\nCORSE=2\n")))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).isEqualTo("config.env:4: unknown key CORSE");
                    assertThat(e.hint()).contains("did you mean CORES?");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MOUNT=share:abc|5|MOUNT accepts",
        "ID=99|1|ID accepts container id, 100 to 999999999",
        "IP=300.1.1.1/24|3|IP accepts",
        "MEMORY=lots|5|MEMORY accepts memory in MiB",
        "VLAN=5000|5|VLAN accepts",
        "DISK=local-lvm:0|5|DISK accepts",
        "FEATURES=nesting,teleport|5|FEATURES accepts",
        "BOOT=maybe|5|yes or no",
        "IP=10.0.0.1/33|3|prefix of 1 to 32",
        "HOSTNAME=bad_name|2|HOSTNAME accepts",
    })
    void aMalformedValueNamesFileLineKeyAndWhatIsAccepted(String line, int lineNo, String accepted) {
        String key = line.substring(0, line.indexOf('='));
        String base = "ID=101\nHOSTNAME=box\nIP=10.0.0.5\nCORES=2\n";
        String text = switch (key) {
            case "ID" -> base.replace("ID=101", line);
            case "HOSTNAME" -> base.replace("HOSTNAME=box", line);
            case "IP" -> base.replace("IP=10.0.0.5", line);
            default -> base + line + "\n";
        };
        assertThatThrownBy(() -> DeploymentLoader.single(new SourceText("ct.env", text)))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.getMessage()).startsWith("ct.env:" + lineNo + ": invalid value").contains(key);
                    assertThat(e.hint().orElseThrow()).contains(accepted);
                });
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        assertThatThrownBy(() -> DeploymentLoader.single(new SourceText("c.env", "ID=101\nHOSTNAME=a\nIP=dhcp\nID=102\n")))
                .hasMessage("c.env:4: duplicate key ID (first set on line 1)");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> DeploymentLoader.single(new SourceText("c.env", "ID=101\nIP=dhcp\n")))
                .hasMessageContaining("missing required key HOSTNAME");
    }

    @Test
    void containersOfADirectoryInheritDefaultsAndMayOverrideThem() {
        SourceText defaults = new SourceText("defaults.env", "NODE=pve2\nMEMORY=2048\nGATEWAY=10.1.0.1\nPREFIX=16\n");
        Deployment d = DeploymentLoader.directory(Optional.of(defaults), List.of(
                new SourceText("a.env", "ID=101\nHOSTNAME=a\nIP=10.1.0.2\n"),
                new SourceText("b.env", "ID=102\nHOSTNAME=b\nIP=10.1.0.3\nMEMORY=4096\n")));

        assertThat(d.containers()).extracting(c -> c.spec().config().memoryMiB()).containsExactly(2048, 4096);
        assertThat(d.containers()).allMatch(c -> c.spec().node().equals("pve2"));
        assertThat(d.containers().get(0).spec().config().networks().get(0).ipv4()).isEqualTo("10.1.0.2/16");
    }

    @Test
    void twoContainersWithOneIdAreRefused() {
        assertThatThrownBy(() -> DeploymentLoader.directory(Optional.empty(), List.of(
                new SourceText("a.env", "ID=101\nHOSTNAME=a\nIP=dhcp\n"),
                new SourceText("b.env", "ID=101\nHOSTNAME=b\nIP=dhcp\n"))))
                .hasMessageContaining("b.env: ID 101 is also declared in a.env");
    }

    @Test
    void aTypoInDefaultsIsReportedAgainstTheDefaultsFile() {
        assertThatThrownBy(() -> DeploymentLoader.directory(Optional.of(new SourceText("defaults.env", "\nMEMROY=1\n")),
                List.of(new SourceText("a.env", "ID=101\nHOSTNAME=a\nIP=dhcp\n"))))
                .hasMessage("defaults.env:2: unknown key MEMROY");
    }
}
