package dev.pxci.it.cinc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: the adapter against the real Cinc Client, when {@code cinc-client} is installed on this
 * machine ({@code /opt/cinc/bin} or the PATH). Reported as skipped otherwise. It converges a small
 * cookbook that only writes files into a temporary directory.
 */
class RealCincClientIT {
    static final String SECRET = "real-client-secret-4711";

    @TempDir
    Path work;

    static Optional<Path> installedClient() {
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/opt/cinc/bin/cinc-client")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .filter(d -> !d.isBlank()).map(d -> Path.of(d, "cinc-client")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    @Test
    void convergesTwiceWithTheSecondRunChangingNothing() throws Exception {
        Optional<Path> client = installedClient();
        assumeTrue(client.isPresent(), "cinc-client is not installed on this machine");

        Path recipes = Files.createDirectories(work.resolve("bundle/probe/recipes"));
        Files.writeString(work.resolve("bundle/probe/metadata.rb"), "name 'probe'\nversion '0.1.0'\n");
        Files.writeString(recipes.resolve("default.rb"), """
                directory node['probe']['dir']
                file ::File.join(node['probe']['dir'], 'greeting') do
                  content node['probe']['greeting']
                end
                file ::File.join(node['probe']['dir'], 'token') do
                  content node['probe']['token']
                  mode '0600'
                  sensitive true
                end
                """);
        Path out = work.resolve("out");
        ConfigurationRunner runner = Adapters.configurator("cinc", new AdapterConfig(Map.of(
                "cinc.client-path", client.get().toString(),
                "cinc.run-dir", work.resolve("runs").toString()), Map.of()));
        List<String> lines = new CopyOnWriteArrayList<>();
        OutputListener listener = (channel, line) -> lines.add(line);

        try (TestTransport local = TestTransport.local()) {
            ConvergeTarget target = new ConvergeTarget(local.shell(), local.target());
            ConvergeRequest apply = new ConvergeRequest(work.resolve("bundle"), List.of("recipe[probe]"),
                    Map.of("probe.dir", out.toString(), "probe.greeting", "hello"),
                    Map.of("probe.token", Secret.of(SECRET)), ConvergeMode.APPLY);
            ConvergeReport first = runner.converge(target, apply, listener);
            ConvergeReport second = runner.converge(target, apply, listener);
            ConvergeReport whyRun = runner.converge(target, new ConvergeRequest(apply.bundle(), apply.runList(),
                    Map.of("probe.dir", out.toString(), "probe.greeting", "changed"), apply.secretAttributes(),
                    ConvergeMode.DRY_RUN), listener);

            assertThat(first.updated()).isEqualTo(3);
            assertThat(first.total()).isEqualTo(3);
            assertThat(second.updated()).isZero();
            assertThat(whyRun.updated()).isEqualTo(1);
            assertThat(Files.readString(out.resolve("greeting"))).isEqualTo("hello");
            assertThat(lines).noneMatch(l -> l.contains(SECRET));
            try (Stream<Path> left = Files.list(work.resolve("runs"))) {
                assertThat(left).isEmpty();
            }
        }
    }
}
