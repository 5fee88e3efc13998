package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {
    @TempDir
    Path dir;

    @Test
    void readsCountsAndNamesWrittenByTheHandler() throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"),
                "{\"success\":true,\"total\":12,\"updated\":2,\"updated_resources\":[\"package[samba]\",\"service[smbd]\"]}");

        ReportFile report = ReportFile.read(file);

        assertThat(report.success()).isTrue();
        assertThat(report.updated()).isEqualTo(2);
        assertThat(report.total()).isEqualTo(12);
        assertThat(report.updatedResources()).containsExactly("package[samba]", "service[smbd]");
    }

    @Test
    void aReportWithoutCountsIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"), "{\"node\":{}}");

        assertThatThrownBy(() -> ReportFile.read(file)).isInstanceOf(PxciException.class)
                .hasMessageContaining("lacks the counts");
    }

    @Test
    void aTruncatedReportIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("report.json"), "{\"updated\":");

        assertThatThrownBy(() -> ReportFile.read(file)).isInstanceOf(PxciException.class)
                .hasMessageContaining("cannot be parsed");
    }
}
