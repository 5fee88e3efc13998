package dev.pxci.it.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.pxci.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The workflow files parse as YAML, run the stages in dependency order, and every {@code pxci}
 * invocation in them (composite actions expanded with their inputs) is a valid command line of
 * the current CLI.
 */
class WorkflowFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORKFLOWS = ROOT.resolve("infra/.gitea/workflows");
    private static final Pattern PXCI = Pattern.compile("(?m)^\\s*\\./pxci\\s+(.*)$");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePipelineRunsTheStagesInDependencyOrderOnRelease() throws IOException {
        Map<String, Object> pipeline = yaml(WORKFLOWS.resolve("pipeline.yml"));
        Map<String, Object> jobs = (Map<String, Object>) pipeline.get("jobs");

        assertThat(jobs).containsOnlyKeys("provision", "bootstrap", "configure", "share", "verify", "replicate");
        assertThat(needs(jobs, "bootstrap")).containsExactly("provision");
        assertThat(needs(jobs, "configure")).containsExactlyInAnyOrder("provision", "bootstrap");
        assertThat(needs(jobs, "share")).containsExactlyInAnyOrder("provision", "bootstrap");
        assertThat(needs(jobs, "verify")).containsExactlyInAnyOrder("configure", "share");
        assertThat(needs(jobs, "replicate")).containsExactly("verify");
        Map<String, Object> on = (Map<String, Object>) pipeline.get(Boolean.TRUE) != null
                ? (Map<String, Object>) pipeline.get(Boolean.TRUE) : (Map<String, Object>) pipeline.get("on");
        assertThat(((Map<String, Object>) on.get("push")).get("branches")).isEqualTo(List.of("release"));
        String env = String.valueOf(pipeline.get("env"));
        assertThat(env).contains("PXCI_PROXMOX_SECRET=${{ secrets.PROXMOX_SECRET }}")
                .doesNotContain("vars.PROXMOX_SECRET");
    }

    @Test
    void giteaReadsTheWorkflowsAtTheRootOfTheProject() {
        assertThat(ROOT.resolve(".gitea/workflows/pipeline.yml")).exists();
    }

    @Test
    void everyPxciInvocationIsAValidCommandLine() throws IOException {
        List<String> invocations = invocations();

        assertThat(invocations).hasSizeGreaterThanOrEqualTo(6);
        for (String line : invocations) {
            String[] args = line.trim().split("\\s+");
            assertThatCode(() -> Cli.parse(args)).as(line).doesNotThrowAnyException();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> invocations() throws IOException {
        List<String> found = new ArrayList<>();
        Map<String, Object> jobs = (Map<String, Object>) yaml(WORKFLOWS.resolve("pipeline.yml")).get("jobs");
        for (Object job : jobs.values()) {
            for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
                if (step.containsKey("run")) {
                    found.addAll(pxciLines((String) step.get("run"), Map.of()));
                } else if (String.valueOf(step.get("uses")).startsWith("./")) {
                    Path action = ROOT.resolve((String) step.get("uses")).resolve("action.yml");
                    Map<String, Object> with = (Map<String, Object>) step.getOrDefault("with", Map.of());
                    Map<String, Object> runs = (Map<String, Object>) yaml(action).get("runs");
                    for (Map<String, Object> inner : (List<Map<String, Object>>) runs.get("steps")) {
                        found.addAll(pxciLines((String) inner.get("run"), with));
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yml")).count()).isEqualTo(1);
        }
        return found;
    }

    private static List<String> pxciLines(String script, Map<String, Object> inputs) {
        String expanded = script;
        for (Map.Entry<String, Object> in : inputs.entrySet()) {
            expanded = expanded.replace("${{ inputs." + in.getKey() + " }}", String.valueOf(in.getValue()));
        }
        assertThat(expanded).doesNotContain("${{ inputs.");
        List<String> lines = new ArrayList<>();
        Matcher m = PXCI.matcher(expanded);
        while (m.find()) {
            lines.add(m.group(1));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static List<String> needs(Map<String, Object> jobs, String job) {
        Object needs = ((Map<String, Object>) jobs.get(job)).get("needs");
        return needs instanceof List<?> l ? (List<String>) l : List.of((String) needs);
    }
}
