package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void mapsTheDocumentedCodes() {
        assertThat(ExitStatus.of(0)).isEqualTo(ExitStatus.SUCCESS);
        assertThat(ExitStatus.of(35)).isEqualTo(ExitStatus.REBOOT);
        assertThat(ExitStatus.of(37)).isEqualTo(ExitStatus.REBOOT);
        assertThat(ExitStatus.of(43)).isEqualTo(ExitStatus.CONFIGURATION);
        assertThat(ExitStatus.of(172)).isEqualTo(ExitStatus.LICENCE_NOT_ACCEPTED);
        assertThat(ExitStatus.of(173)).isEqualTo(ExitStatus.LICENCE_NOT_ENTITLED);
        assertThat(ExitStatus.of(174)).isEqualTo(ExitStatus.LICENCE_NOT_SET);
        assertThat(ExitStatus.of(213)).isEqualTo(ExitStatus.CLIENT_UPGRADED);
        assertThat(ExitStatus.of(2)).isEqualTo(ExitStatus.INTERRUPTED);
    }

    @Test
    void everythingElseIsAFailureAndOnlySuccessAndRebootConverged() {
        assertThat(ExitStatus.of(1)).isEqualTo(ExitStatus.FAILURE);
        assertThat(ExitStatus.of(41)).isEqualTo(ExitStatus.FAILURE);
        assertThat(ExitStatus.of(255)).isEqualTo(ExitStatus.FAILURE);
        assertThat(ExitStatus.SUCCESS.converged()).isTrue();
        assertThat(ExitStatus.REBOOT.converged()).isTrue();
        assertThat(ExitStatus.CONFIGURATION.converged()).isFalse();
        assertThat(ExitStatus.FAILURE.converged()).isFalse();
    }
}
