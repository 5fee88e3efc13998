package dev.pxci.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void aHostRunsFactoriesOfItsMajorVersionUpToItsOwnMinorVersion() {
        SpiVersion host = SpiVersion.parse("1.2");

        assertThat(host.runs(SpiVersion.parse("1.0"))).isTrue();
        assertThat(host.runs(SpiVersion.parse("1.2"))).isTrue();
        assertThat(host.runs(SpiVersion.parse("1.3"))).as("built for a newer minor version").isFalse();
        assertThat(host.runs(SpiVersion.parse("2.0"))).as("another major version").isFalse();
        assertThat(host.runs(SpiVersion.parse("0.9"))).as("another major version").isFalse();
        assertThat(SpiVersion.parse("2")).as("a bare major version").isEqualTo(new SpiVersion(2, 0));
    }

    @Test
    void theCurrentVersionIsWhatFactoriesDeclareByDefault() {
        AdapterFactory<Runnable> builtIn = new AdapterFactory<>() {
            @Override
            public String name() {
                return "x";
            }

            @Override
            public Class<Runnable> port() {
                return Runnable.class;
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public java.util.List<ConfigKey> configKeys() {
                return java.util.List.of();
            }

            @Override
            public Runnable create(AdapterConfig config) {
                return () -> { };
            }
        };

        assertThat(SpiVersion.parse(builtIn.spiVersion())).isEqualTo(SpiVersion.CURRENT);
        assertThat(SpiVersion.CURRENT.toString()).isEqualTo(AdapterFactory.SPI_VERSION);
    }

    @Test
    void aMalformedVersionNamesWhatIsAccepted() {
        assertThatThrownBy(() -> SpiVersion.parse("one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'one' is not an SPI version").hasMessageContaining("major.minor");
        assertThatThrownBy(() -> SpiVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpiVersion.parse("1.0.3")).isInstanceOf(IllegalArgumentException.class);
    }
}
