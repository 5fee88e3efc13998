package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measurement walls(String tool, long... millis) {
        List<Measurement.Run> runs = java.util.Arrays.stream(millis)
                .mapToObj(ms -> new Measurement.Run(Duration.ofMillis(ms), 1, Map.of())).toList();
        return new Measurement("no-op", tool, 50, runs);
    }

    @Test
    void ratiosAreTakenRunByRunNotFromTheMedians() {
        Measurement pxci = walls("pxci", 1000, 400, 900);
        Measurement floor = walls("floor", 500, 400, 300);

        Report.Spread ratio = Report.pairRatios(Optional.of(pxci), Optional.of(floor)).orElseThrow();

        assertThat(ratio.median()).isEqualTo(2.0);
        assertThat(ratio.min()).isEqualTo(1.0);
        assertThat(ratio.max()).isEqualTo(3.0);
        assertThat(Report.seconds(pxci.medianWall()) / Report.seconds(floor.medianWall()))
                .as("the ratio of the medians would say otherwise").isEqualTo(2.25);
    }

    @Test
    void aRatioNeedsBothToolsAndAWallShowsItsSpread() {
        assertThat(Report.pairRatios(Optional.of(walls("pxci", 100)), Optional.empty())).isEmpty();
        assertThat(Report.wall(walls("pxci", 750, 700, 810))).isEqualTo("0.75 s (0.70-0.81)");
    }
}
