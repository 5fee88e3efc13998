package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    private static Measurement.Run run(long millis, long rssKiB, Map<String, Long> requests) {
        return new Measurement.Run(Duration.ofMillis(millis), rssKiB, requests);
    }

    @Test
    void mediansAreTakenPerFigureOverTheRepetitions() {
        Measurement m = new Measurement("no-op", "pxci", 50, List.of(
                run(900, 100_000, Map.of("GET", 52L)),
                run(700, 120_000, Map.of("GET", 52L)),
                run(5000, 90_000, Map.of("GET", 52L, "POST", 1L))));

        assertThat(m.medianWall()).isEqualTo(Duration.ofMillis(900));
        assertThat(m.medianPeakRssKiB()).isEqualTo(100_000);
        assertThat(m.medianRequests()).containsExactly(Map.entry("GET", 52L), Map.entry("POST", 0L));
        assertThat(m.medianTotalRequests()).isEqualTo(52);
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddleValues() {
        Measurement m = new Measurement("cold", "ansible", 1, List.of(run(100, 10, Map.of()), run(300, 30, Map.of())));

        assertThat(m.medianWall()).isEqualTo(Duration.ofMillis(200));
        assertThat(m.medianPeakRssKiB()).isEqualTo(20);
    }
}
