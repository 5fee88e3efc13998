package dev.pxci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.domain.fakes.InMemoryPlatform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --output json}: standard output is JSON lines whatever happens, errors included. */
class JsonOutputTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void deployment() throws IOException {
        MemoryPlatformFactory.PLATFORM.set(new InMemoryPlatform());
        Files.writeString(dir.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\n");
    }

    @Test
    void aMalformedCommandLineIsOneUsageErrorEvent() {
        assertThat(run("plan", "--platform", "memory", "--output", "json", "--bogus")).isEqualTo(ExitCode.USAGE);

        JsonNode error = onlyEvent();
        assertThat(error.get("event").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("usage");
        assertThat(error.get("message").asText()).contains("Unknown option: '--bogus'");
        assertThat(error.get("file").isNull()).isTrue();
        assertThat(error.get("exit_code").asInt()).isEqualTo(2);
        assertThat(stderr()).as("the text stays where a person reads").contains("pxci: error: Unknown option");

        assertThat(run("sandbox", "--output=json")).as("a command without --output").isEqualTo(ExitCode.USAGE);
        assertThat(onlyEvent().get("code").asText()).isEqualTo("usage");
    }

    @Test
    void aConfigurationErrorNamesItsFileAndLine() throws IOException {
        Files.writeString(dir.resolve("typo.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nMEMROY=1024\n");

        assertThat(run("apply", "--platform", "memory", "--config", "typo.env", "--output", "json")).isEqualTo(ExitCode.USAGE);

        JsonNode error = onlyEvent();
        assertThat(error.get("code").asText()).isEqualTo("invalid_input");
        assertThat(error.get("file").asText()).endsWith("typo.env");
        assertThat(error.get("line").asInt()).isEqualTo(4);
        assertThat(error.get("message").asText()).isEqualTo("unknown key MEMROY");
        assertThat(error.get("hint").asText()).contains("did you mean MEMORY?");
    }

    @Test
    void anErrorNamingNoFileHasNone() {
        assertThat(run("plan", "--platform", "nope", "--output", "json")).isEqualTo(ExitCode.USAGE);

        JsonNode error = onlyEvent();
        assertThat(error.get("message").asText()).isEqualTo("no ContainerPlatform adapter named 'nope'");
        assertThat(error.get("file").isNull()).isTrue();
        assertThat(error.get("line").isNull()).isTrue();
        assertThat(error.get("hint").asText()).contains("memory");
    }

    @Test
    void statusIsOneEventPerContainer() {
        assertThat(run("apply", "--platform", "memory", "--stage", "provision")).isZero();

        assertThat(run("status", "--platform", "memory", "--output", "json")).isZero();

        JsonNode status = onlyEvent();
        assertThat(status.get("event").asText()).isEqualTo("status");
        assertThat(status.get("vmid").asInt()).isEqualTo(254);
        assertThat(status.get("status").asText()).isEqualTo("running");
        assertThat(status.get("drift").isArray()).isTrue();
        assertThat(status.get("drift")).isEmpty();
    }

    @Test
    void adaptersIsOneEventPerAdapterWithItsOriginAndSettings() {
        assertThat(run("adapters", "--output", "json")).isZero();

        List<JsonNode> adapters = events();
        assertThat(adapters).extracting(a -> a.get("name").asText()).contains("memory", "pxci");
        JsonNode memory = adapters.stream().filter(a -> a.get("name").asText().equals("memory")).findFirst().orElseThrow();
        assertThat(memory.get("port").asText()).isEqualTo("ContainerPlatform");
        assertThat(memory.get("origin").asText()).isEqualTo("built-in");
        assertThat(memory.get("settings")).anySatisfy(k -> {
            assertThat(k.get("name").asText()).isEqualTo("memory.secret");
            assertThat(k.get("secret").asBoolean()).isTrue();
            assertThat(k.get("environment").asText()).isEqualTo("PXCI_MEMORY_SECRET");
        });
    }

    @Test
    void aFailedRunIsJsonToTheEnd() {
        MemoryPlatformFactory.PLATFORM.get().failCreateOf.add(254);

        assertThat(run("apply", "--platform", "memory", "--stage", "provision", "--output", "json")).isEqualTo(ExitCode.FAILURE);

        List<JsonNode> events = events();
        assertThat(events.get(events.size() - 1).get("event").asText()).isEqualTo("run_finished");
        assertThat(events.get(events.size() - 1).get("report").get("succeeded").asBoolean()).isFalse();
    }

    private JsonNode onlyEvent() {
        List<JsonNode> events = events();
        assertThat(events).as(stdout()).hasSize(1);
        return events.get(0);
    }

    /** Every line of standard output as JSON; a line that is not JSON fails the test. */
    private List<JsonNode> events() {
        return stdout().lines().map(line -> {
            try {
                return new ObjectMapper().readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }).toList();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false, dir, new ByteArrayInputStream(new byte[0]));
        return Cli.run(args, console);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
