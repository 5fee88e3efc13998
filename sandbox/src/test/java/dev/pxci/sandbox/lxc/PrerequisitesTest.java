package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrerequisitesTest {

    @Test
    void aHostWithoutRootAndLxcIsToldBothAndTheInstallCommandInOneLine() {
        assertThat(Prerequisites.missing(false, command -> !command.startsWith("lxc-") && !command.equals("mmdebstrap")))
                .hasValue("--sandbox-runtime lxc needs root (run it with sudo) and lxc-start, lxc-usernsexec, mmdebstrap"
                        + " (install with: apt-get install lxc mmdebstrap)");
    }

    @Test
    void rootWithEveryCommandNeedsNothing() {
        assertThat(Prerequisites.missing(true, command -> true)).isEmpty();
    }

    @Test
    void rootAloneIsNamedWhenTheCommandsAreThere() {
        assertThat(Prerequisites.missing(false, command -> true)).hasValue("--sandbox-runtime lxc needs root (run it with sudo)");
    }

    @Test
    void everyPackageIsNamedOnceWhateverIsMissing() {
        String line = Prerequisites.missing(true, command -> false).orElseThrow();
        assertThat(line).endsWith(
                "(install with: apt-get install lxc uidmap mmdebstrap zstd apt-cacher-ng openssh-client iproute2)");
        assertThat(Set.copyOf(Prerequisites.COMMANDS.values())).hasSize(7);
    }
}
