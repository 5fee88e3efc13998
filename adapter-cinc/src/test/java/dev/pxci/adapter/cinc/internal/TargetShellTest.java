package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.PxciException;
import org.junit.jupiter.api.Test;

class TargetShellTest {

    @Test
    void aFreshChildOfTheBaseIsAccepted() {
        assertThatCode(() -> TargetShell.requireChild("/var/tmp/pxci-cinc/run.Ab3dE5gH", "/var/tmp/pxci-cinc", "run.", "local"))
                .doesNotThrowAnyException();
    }

    @Test
    void anythingElseIsRefusedBeforeItIsUsedAsAPath() {
        for (String printed : new String[] {"sudo: a password is required", "/var/tmp/pxci-cinc/run.x/../..",
                "/var/tmp/other/run.Ab3dE5gH", "/var/tmp/pxci-cinc/install.Ab3dE5gH", "/var/tmp/pxci-cinc/run."}) {
            assertThatThrownBy(() -> TargetShell.requireChild(printed, "/var/tmp/pxci-cinc", "run.", "local"))
                    .as(printed).isInstanceOf(PxciException.class).hasMessageContaining("nothing was staged");
        }
    }
}
