package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.Secret;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void theTimelineKeepsEachTargetsStagesAndTasksWithTheirTimesAndOutcomes() throws InterruptedException {
        RunTimeline timeline = new RunTimeline();
        timeline.onEvent(new RunEvent.StageStarted("provision", "101 a"));
        timeline.onEvent(new RunEvent.StageStarted("provision", "102 b"));
        timeline.onEvent(new RunEvent.TaskStarted("provision", "101 a", "wait for the 'backup' lock on CT 101 to clear"));
        Thread.sleep(20);
        timeline.onEvent(new RunEvent.TaskFinished("provision", "101 a", "wait for the 'backup' lock on CT 101 to clear",
                true, Duration.ofMillis(20)));
        timeline.onEvent(new RunEvent.StageFinished(stage("102 b", StageOutcome.FAILED)));
        timeline.onEvent(new RunEvent.StageFinished(stage("101 a", StageOutcome.CHANGED)));

        List<RunTimeline.Lane> lanes = timeline.lanes();

        assertThat(lanes).extracting(RunTimeline.Lane::target).containsExactly("101 a", "102 b");
        RunTimeline.Stage a = lanes.get(0).stages().get(0);
        assertThat(a.outcome()).contains(StageOutcome.CHANGED);
        assertThat(a.end().orElseThrow()).isGreaterThanOrEqualTo(a.start() + 20);
        assertThat(lanes.get(1).stages().get(0).outcome()).contains(StageOutcome.FAILED);
        RunTimeline.Task wait = lanes.get(0).tasks().get(0);
        assertThat(wait.lockWait()).isTrue();
        assertThat(wait.end().orElseThrow() - wait.start()).isGreaterThanOrEqualTo(20);
        assertThat(new RunTimeline.Task("provision", "create CT 101", 0, Optional.of(1L), true).lockWait()).isFalse();
    }

    @Test
    void thePageCarriesItsDataInlineWithMarkupEscapedAndSecretsScrubbed() throws IOException {
        RunTimeline timeline = new RunTimeline();
        timeline.onEvent(new RunEvent.StageStarted("provision", "101 a"));
        timeline.onEvent(new RunEvent.StageFinished(new StageReport("provision", "101 a", StageOutcome.FAILED,
                "</script><script>alert(1)</script> token s3cr3t refused", List.of(), List.of(), Duration.ZERO)));
        timeline.onEvent(new RunEvent.RunFinished(new RunReport("r1", "apply", Instant.now(), Duration.ofMillis(5),
                List.of(), Optional.of("failed"))));
        Path page = dir.resolve("run.html");

        HtmlReport.write(timeline, page, Redactor.of(List.of(Secret.of("s3cr3t"))));

        String html = Files.readString(page);
        assertThat(html).contains("<script type=\"application/json\" id=\"run-data\">{\"run_id\":\"r1\"")
                .contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script> token *** refused")
                .doesNotContain("s3cr3t", "/*run-data*/", "<script>alert");
    }

    @Test
    void onlyAnHtmlFileInADirectoryThatExistsIsAccepted() {
        assertThat(HtmlReport.target(dir.resolve("Run.HTML"))).isEqualTo(dir.resolve("Run.HTML"));
        assertThatThrownBy(() -> HtmlReport.target(dir.resolve("run.json"))).isInstanceOf(PxciException.class)
                .hasMessageContaining("--report writes an HTML page, not run.json");
        assertThatThrownBy(() -> HtmlReport.target(dir.resolve("nowhere/run.html"))).isInstanceOf(PxciException.class)
                .hasMessageContaining("the directory " + dir.resolve("nowhere") + " does not exist");
    }

    private static StageReport stage(String target, StageOutcome outcome) {
        return new StageReport("provision", target, outcome, outcome.name(), List.of(), List.of(), Duration.ZERO);
    }
}
