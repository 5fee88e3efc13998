package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void comparesPartsAsNumbersNotStrings() {
        assertThat(Versions.satisfies("18.10.0", "18.1")).isFalse();
        assertThat(Versions.satisfies("18.10.0", "18.10")).isTrue();
        assertThat(Versions.satisfies("18.06.2", "18.6.2")).isTrue();
    }

    @Test
    void aShorterWantedVersionAcceptsItsPatchReleases() {
        assertThat(Versions.satisfies("18.6.2", "18")).isTrue();
        assertThat(Versions.satisfies("18.6.2", "18.6")).isTrue();
        assertThat(Versions.satisfies("18.6", "18.6.2")).isFalse();
        assertThat(Versions.satisfies("17.10.3", "18")).isFalse();
    }

    @Test
    void readsTheVersionFromTheClientsBanner() {
        assertThat(Versions.fromVersionOutput("Cinc Client: 18.6.2\n")).contains("18.6.2");
        assertThat(Versions.fromVersionOutput("Chef Infra Client: 17.10.3")).contains("17.10.3");
        assertThat(Versions.fromVersionOutput("command not found")).isEmpty();
    }
}
