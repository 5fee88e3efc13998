package dev.pxci.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The runner's labels have one source, {@code infra/config/files/runner-labels}: the cookbook and
 * the playbook both read it, and every job of every workflow asks for a label it declares, so a
 * runner registered by either takes every job. (That the playbook really registers with them is
 * checked in a real container by {@code ConfigAndSharePlaybooksIT}.)
 */
class RunnerLabelsTest {
    private static final Path INFRA = Path.of("..").toAbsolutePath().normalize().resolve("infra");
    private static final Path LABELS = INFRA.resolve("config/files/runner-labels");

    @Test
    void everyJobRunsOnALabelTheRunnerRegistersWith() throws IOException {
        List<String> names = labelNames();
        List<Path> workflows;
        try (Stream<Path> files = Files.list(INFRA.resolve(".gitea/workflows"))) {
            workflows = files.filter(f -> f.toString().endsWith(".yml")).toList();
        }
        assertThat(workflows).isNotEmpty();
        List<String> runsOn = new ArrayList<>();
        for (Path workflow : workflows) {
            runsOn.addAll(runsOn(workflow));
        }
        assertThat(runsOn).isNotEmpty().allSatisfy(label -> assertThat(names).contains(label));
    }

    @Test
    void theLabelsAreHostModeLabelsBecauseTheJobsRunPxciOnTheRunnerItself() throws IOException {
        String declared = Files.readString(LABELS).strip();

        assertThat(declared.split(",")).allSatisfy(label -> assertThat(label.strip())
                .as("name:host, or a bare name, which act_runner runs in host mode").matches("[A-Za-z0-9_.-]+(:host)?"));
    }

    @Test
    void theCookbookAndThePlaybookReadTheLabelsFromThatFileAndNowhereElse() throws IOException {
        String attributes = Files.readString(INFRA.resolve("config/attributes/default.rb"));
        String defaults = Files.readString(INFRA.resolve("config/defaults.yml"));

        assertThat(attributes).containsOnlyOnce("['runner']['labels']").contains("'../files/runner-labels'");
        assertThat(defaults).contains("labels: \"{{ lookup('ansible.builtin.file', playbook_dir ~ '/files/runner-labels') | trim }}\"");
        for (String text : List.of(attributes, defaults)) {
            assertThat(labelNames()).allSatisfy(name -> assertThat(text).doesNotContain(name + ":host"));
        }
    }

    private static List<String> labelNames() throws IOException {
        return Stream.of(Files.readString(LABELS).strip().split(",")).map(l -> l.strip().split(":", 2)[0]).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> runsOn(Path workflow) throws IOException {
        Map<String, Object> jobs = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(Files.readString(workflow))).get("jobs");
        List<String> out = new ArrayList<>();
        jobs.forEach((name, job) -> {
            Object value = ((Map<String, Object>) job).get("runs-on");
            if (value instanceof List<?> list) {
                list.forEach(v -> out.add(String.valueOf(v)));
            } else {
                out.add(String.valueOf(value));
            }
        });
        return out;
    }
}
