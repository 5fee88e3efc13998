package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void readsTheCurrentInfraPhaseLine() {
        assertThat(RunSummary.parse("Infra Phase complete, 3/12 resources updated in 05 seconds"))
                .contains(new RunSummary(3, OptionalInt.of(12), false));
    }

    @Test
    void readsTheOlderFinishedLineOfEveryProductName() {
        assertThat(RunSummary.parse("Chef Client finished, 1/1 resources updated in 01 seconds"))
                .contains(new RunSummary(1, OptionalInt.of(1), false));
        assertThat(RunSummary.parse("Cinc Client finished, 0/7 resources updated in 6.312101149 seconds"))
                .contains(new RunSummary(0, OptionalInt.of(7), false));
    }

    @Test
    void readsWhyRunLinesOfBothForms() {
        assertThat(RunSummary.parse("Infra Phase complete, 4/9 resources would have been updated"))
                .contains(new RunSummary(4, OptionalInt.of(9), false));
        assertThat(RunSummary.parse("Chef Infra Client finished, 2/5 resources would have been updated"))
                .contains(new RunSummary(2, OptionalInt.of(5), false));
    }

    @Test
    void readsFailureLinesWithoutATotal() {
        assertThat(RunSummary.parse("Infra Phase failed. 2 resources updated in 10 seconds"))
                .contains(new RunSummary(2, OptionalInt.empty(), true));
    }

    @Test
    void ignoresColourCodesAndOtherLines() {
        assertThat(RunSummary.parse("\u001B[0mInfra Phase complete, 0/3 resources updated in 01 seconds\u001B[0m"))
                .contains(new RunSummary(0, OptionalInt.of(3), false));
        assertThat(RunSummary.parse("  * package[samba] action install (up to date)")).isEmpty();
        assertThat(RunSummary.parse("Infra Phase starting")).isEmpty();
    }
}
