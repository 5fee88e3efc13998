package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputCheckTest {

    @Test
    void pxciChangesAreReadFromItsSummaryLine() {
        assertThat(Benchmark.pxciChanged("...\napply succeeded: 0 changed, 50 unchanged, 0 skipped, 0 failed in 0.4s (run x)\n"))
                .isZero();
        assertThat(Benchmark.pxciChanged("apply succeeded: 10 changed, 0 unchanged, 0 skipped, 0 failed in 3.1s")).isEqualTo(10);
        assertThat(Benchmark.pxciChanged("apply FAILED: 1 changed, 0 unchanged, 0 skipped, 1 failed")).isEqualTo(-1);
    }

    @Test
    void ansibleChangesAreSummedOverTheRecapOfEveryHost() {
        String recap = """
                PLAY RECAP *********************************************************************
                ct2000                     : ok=2    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
                ct2001                     : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
                """;

        assertThat(Benchmark.ansibleChanged(recap, 2)).isEqualTo(3);
        assertThat(Benchmark.ansibleChanged(recap, 3)).as("a host missing from the recap").isEqualTo(-1);
        assertThat(Benchmark.ansibleChanged(recap.replace("failed=0    skipped=0    rescued=0    ignored=0\nct2001",
                "failed=1    skipped=0    rescued=0    ignored=0\nct2001"), 2)).as("a failed host").isEqualTo(-1);
    }
}
