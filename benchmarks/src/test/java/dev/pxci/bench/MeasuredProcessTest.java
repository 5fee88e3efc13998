package dev.pxci.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredProcessTest {
    @TempDir
    Path dir;

    @Test
    void measuresWallTimeMemoryOfTheProcessTreeAndTheExitCode() throws Exception {
        Path log = dir.resolve("run.log");

        MeasuredProcess.Sample sample = MeasuredProcess.run(List.of("/bin/sh", "-c", "echo $GREETING; sleep 0.3 & wait; exit 3"),
                Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"), dir, log, Duration.ofSeconds(30));

        assertThat(sample.exitCode()).isEqualTo(3);
        assertThat(sample.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(sample.peakRssKiB()).as("shell plus its sleeping child").isPositive();
        assertThat(Files.readString(log)).isEqualTo("hello\n");
    }

    @Test
    void theProbeReadsThisProcesssOwnMemory() {
        long self = ProcessHandle.current().pid();

        long resident = MeasuredProcess.Rss.field(self, "VmRSS:");
        long highWaterMark = MeasuredProcess.Rss.field(self, "VmHWM:");

        assertThat(resident).isPositive();
        assertThat(highWaterMark).as("read later, the peak is at least what was resident before").isGreaterThanOrEqualTo(resident);
        assertThat(MeasuredProcess.Rss.field(Long.MAX_VALUE, "VmRSS:")).as("no such process").isZero();
    }
}
