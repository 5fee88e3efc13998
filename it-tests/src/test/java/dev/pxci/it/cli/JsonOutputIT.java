package dev.pxci.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./pxci ... --output json} from a shell: standard output is JSON lines only, whatever goes wrong. */
class JsonOutputIT {
    @TempDir
    Path home;

    @Test
    void aUsageErrorAConfigurationErrorAndABrokenPluginAreEachOneErrorEvent() throws IOException {
        Files.writeString(home.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\nCORES=many\n");
        Path plugins = Files.createDirectories(home.resolve("plugins"));

        JsonNode usage = onlyError(Launcher.run(home, home, Map.of(), "apply", "--output", "json", "--stage"));
        assertThat(usage.get("code").asText()).isEqualTo("usage");
        assertThat(usage.get("message").asText()).contains("--stage");

        JsonNode config = onlyError(Launcher.run(home, home, Map.of(), "plan", "--output=json", "--stage", "provision"));
        assertThat(config.get("code").asText()).isEqualTo("invalid_input");
        assertThat(config.get("file").asText()).endsWith("config.env");
        assertThat(config.get("line").asInt()).isEqualTo(4);
        assertThat(config.get("message").asText()).contains("CORES");

        Files.writeString(home.resolve("config.env"), "ID=254\nHOSTNAME=git\nIP=10.0.0.254\n");
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");
        JsonNode plugin = onlyError(Launcher.run(home, home, Map.of("PXCI_PLUGINS", plugins.toString()), "status",
                "--output", "json"));
        assertThat(plugin.get("message").asText()).startsWith("plugin " + plugins.resolve("broken.jar"));
    }

    private static JsonNode onlyError(Launcher.Result result) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        List<JsonNode> lines = result.stdout().lines().map(JsonOutputIT::json).toList();
        assertThat(lines).as(result.all()).hasSize(1);
        JsonNode error = lines.get(0);
        assertThat(error.get("event").asText()).isEqualTo("error");
        assertThat(error.get("exit_code").asInt()).isEqualTo(2);
        return error;
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("standard output has a line that is not JSON: " + line, e);
        }
    }
}
