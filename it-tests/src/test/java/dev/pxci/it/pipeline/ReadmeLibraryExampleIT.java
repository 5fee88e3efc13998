package dev.pxci.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.Secret;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.pve.PveSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "As a library" example, run as written against the Proxmox VE simulator. */
class ReadmeLibraryExampleIT {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleProvisionsTheContainerThroughTheSpi() throws Exception {
        Files.copy(Path.of("..", "config.env"), dir.resolve("config.env"));
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (PveSimulator sim = PveSimulator.builder().port(0).start()) {
            String url = sim.baseUrl();
            String fingerprint = sim.fingerprint();
            String tokenSecret = sim.tokenSecret();
            Path configEnv = dir.resolve("config.env");

            // --- README example, unchanged but for System.out.println -> events::add and the file's path
            Engine engine = Pxci.builder()
                    .platform("proxmox", new AdapterConfig(
                            Map.of("proxmox.url", url, "proxmox.user", "root@pam", "proxmox.token", "pxci",
                                    "proxmox.fingerprint", fingerprint),
                            Map.of("proxmox.secret", Secret.of(tokenSecret))))
                    .listener(events::add)
                    .build();
            Deployment deployment = DeploymentLoader.single(new SourceText("config.env", Files.readString(configEnv)));
            RunReport report = engine.apply(deployment, List.of());
            // --- end of the README example

            assertThat(report.succeeded()).as(report.failure().orElse("")).isTrue();
            assertThat(report.stages().get(0).summary()).isEqualTo("created and started");
            assertThat(events).anyMatch(e -> e instanceof RunEvent.RunFinished);
            assertThat(engine.apply(deployment, List.of()).changedAnything()).isFalse();
        }
    }

    @Test
    void theReadmeShowsTheSameExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String test = Files.readString(Path.of("src/test/java/dev/pxci/it/pipeline/ReadmeLibraryExampleIT.java"));
        String example = readme.substring(readme.indexOf("Engine engine = Pxci.builder()"),
                readme.indexOf("RunReport report = engine.apply(deployment, List.of());"));
        for (String line : example.split("\n")) {
            String code = line.strip();
            if (!code.isEmpty() && !code.contains("System.out") && !code.contains("Path.of(\"config.env\")")) {
                assertThat(test).as("README line in the test: " + code).contains(code);
            }
        }
    }
}
