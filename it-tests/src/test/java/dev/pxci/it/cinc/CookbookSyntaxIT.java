package dev.pxci.it.cinc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.cinc.internal.ClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Ruby file of the cookbooks under {@code infra/}, the {@code client.rb} the adapter writes
 * and the stand-in client pass {@code ruby -c} (Debian's ruby), and each cookbook has the files the
 * client needs.
 */
class CookbookSyntaxIT {
    static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyRubyFileUnderInfraPassesRubyDashC() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(INFRA)) {
            files = all.filter(p -> p.toString().endsWith(".rb")).sorted().toList();
        }

        assertThat(files).extracting(p -> INFRA.relativize(p).toString())
                .contains("config/metadata.rb", "config/attributes/default.rb", "config/recipes/default.rb",
                        "share/metadata.rb", "share/attributes/default.rb", "share/recipes/default.rb");
        for (Path file : files) {
            assertThat(rubyCheck(file)).as(INFRA.relativize(file).toString()).isEqualTo("Syntax OK");
        }
    }

    @Test
    void everyTemplateCompilesToValidRuby() throws Exception {
        List<Path> templates;
        try (Stream<Path> all = Files.walk(INFRA)) {
            templates = all.filter(p -> p.toString().endsWith(".erb")).sorted().toList();
        }

        assertThat(templates).extracting(p -> INFRA.relativize(p).toString())
                .contains("share/templates/smb.conf.erb", "config/templates/act_runner.yaml.erb");
        for (Path template : templates) {
            Path compiled = dir.resolve(template.getFileName() + ".rb");
            Process erb = new ProcessBuilder("erb", "-x", "-T", "-", template.toString())
                    .redirectOutput(compiled.toFile()).redirectErrorStream(false).start();
            assertThat(erb.waitFor()).as("erb -x " + template).isZero();
            assertThat(rubyCheck(compiled)).as(INFRA.relativize(template).toString()).isEqualTo("Syntax OK");
        }
    }

    @Test
    void theClientConfigurationTheAdapterWritesIsValidRuby() throws Exception {
        Path clientRb = Files.writeString(dir.resolve("client.rb"), ClientConfig.render("/var/tmp/pxci-cinc/run.Ab3dE5gH"));

        assertThat(rubyCheck(clientRb)).isEqualTo("Syntax OK");
    }

    @Test
    void theStandInClientIsValidRuby() throws Exception {
        assertThat(rubyCheck(StandInClient.install(dir))).isEqualTo("Syntax OK");
    }

    @Test
    void everyCookbookNamesItselfInItsMetadata() throws IOException {
        for (String cookbook : List.of("config", "share")) {
            String metadata = Files.readString(INFRA.resolve(cookbook).resolve("metadata.rb"));

            assertThat(metadata).as(cookbook).containsPattern("(?m)^name\\s+['\"]" + cookbook + "['\"]")
                    .containsPattern("(?m)^version\\s+['\"]\\d+\\.\\d+\\.\\d+['\"]");
        }
    }

    private static String rubyCheck(Path file) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ruby", "-c", file.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
