package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void aBareRunMeasuresTheIssuesMatrix() {
        Options o = Options.parse();

        assertThat(o.coldSizes()).containsExactly(1, 10, 50);
        assertThat(o.noopOnlySizes()).containsExactly(500);
        assertThat(o.repetitions()).isEqualTo(3);
        assertThat(o.latency()).isEqualTo(Duration.ofMillis(5));
        assertThat(o.create()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.start()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.parallelism()).isEqualTo(8);
        assertThat(o.tools()).containsExactlyInAnyOrder("pxci", "ansible", "floor");
        assertThat(o.json().toString()).endsWith("/benchmarks/target/benchmark.json");
    }

    @Test
    void flagsPickSizesRepetitionsLatencyAndDurationsForAQuickRun() {
        Options o = Options.parse("--cold", "1,10", "--noop", "none", "--repetitions", "1", "--latency-ms", "0",
                "--create-ms", "200", "--start-ms", "100", "--tools", "pxci", "--parallelism", "4");

        assertThat(o.coldSizes()).containsExactly(1, 10);
        assertThat(o.noopOnlySizes()).isEmpty();
        assertThat(o.repetitions()).isEqualTo(1);
        assertThat(o.latency()).isZero();
        assertThat(o.create()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.measures("pxci")).isTrue();
        assertThat(o.measures("ansible")).isFalse();
        assertThat(o.idealCold(10)).isEqualTo(Duration.ofMillis(3 * 300));
    }

    @Test
    void theIdealColdApplyIsWholeRoundsOfCreateAndStart() {
        Options o = Options.parse();

        assertThat(o.idealCold(50)).isEqualTo(Duration.ofSeconds(21));
        assertThat(o.idealCold(8)).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.idealCold(9)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void badFlagsAreRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> Options.parse("--repetitions", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Options.parse("--cold", "1,x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> Options.parse("--tools", "chef")).hasMessageContaining("unknown tool 'chef'");
        assertThatThrownBy(() -> Options.parse("--speed", "1")).hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> Options.parse("--cold")).hasMessageContaining("missing value after --cold");
        assertThat(List.of(Options.USAGE.split("\n"))).anyMatch(l -> l.contains("--noop"));
    }

    @Test
    void everyOtherRepetitionRunsTheToolsTheOtherWayRound() {
        Options o = Options.parse("--tools", "floor,pxci");

        assertThat(o.order(1)).containsExactly("pxci", "floor");
        assertThat(o.order(2)).containsExactly("floor", "pxci");
        assertThat(o.order(3)).containsExactly("pxci", "floor");
    }
}
