package dev.pxci.it.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.pxci.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The workflow files parse as YAML, run the stages in dependency order, and every {@code pxci}
 * invocation in them (composite actions expanded with their inputs) is a valid command line of
 * the current CLI.
 */
class WorkflowFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORKFLOWS = ROOT.resolve("infra/.gitea/workflows");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePipelineRunsTheStagesInDependencyOrderOnRelease() throws IOException {
        Map<String, Object> pipeline = yaml(WORKFLOWS.resolve("pipeline.yml"));
        Map<String, Object> jobs = (Map<String, Object>) pipeline.get("jobs");

        assertThat(jobs).containsOnlyKeys("build", "provision", "bootstrap", "configure", "share", "verify", "replicate");
        assertThat(needs(jobs, "provision")).containsExactly("build");
        assertThat(needs(jobs, "bootstrap")).containsExactly("provision");
        assertThat(needs(jobs, "configure")).containsExactlyInAnyOrder("provision", "bootstrap");
        assertThat(needs(jobs, "share")).containsExactlyInAnyOrder("provision", "bootstrap", "configure");
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

    /**
     * Runs the action's real script for every job, with a {@code pxci} on the PATH that records
     * its arguments, and checks each recorded command line parses as pxci's.
     */
    @Test
    void everyPxciInvocationIsAValidCommandLine(@TempDir Path bin) throws Exception {
        Path recorded = bin.resolve("args");
        Files.writeString(bin.resolve("pxci"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + recorded + "\n");
        Files.setPosixFilePermissions(bin.resolve("pxci"), PosixFilePermissions.fromString("rwx------"));
        List<String> lines = new ArrayList<>();
        for (Map<String, String> inputs : actionInputs()) {
            Files.deleteIfExists(recorded);
            ProcessBuilder run = new ProcessBuilder("bash", "infra/.gitea/actions/pxci/pxci.sh",
                    inputs.getOrDefault("command", "apply"), inputs.getOrDefault("stage", "")).directory(ROOT.toFile())
                    .redirectErrorStream(true);
            run.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            run.environment().put("PXCI_CONFIG", "config.env");
            run.environment().put("PXCI_COMMIT", "0123abc");
            run.environment().put("CI_SECRETS_JSON", "{}");
            Process process = run.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            List<String> args = Files.readAllLines(recorded);
            lines.add(String.join(" ", args));
            if (!"build".equals(inputs.get("command"))) {
                assertThatCode(() -> Cli.parse(args.toArray(String[]::new))).as(args.toString()).doesNotThrowAnyException();
                assertThat(args).contains("--config", "config.env", "--secrets");
            }
        }
        assertThat(lines).hasSize(7).anyMatch(l -> l.startsWith("verify ")).anyMatch(l -> l.startsWith("--version"))
                .anyMatch(l -> l.contains("--stage replicate"));
    }

    /** The inputs of every job's use of the local pxci action. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> actionInputs() throws IOException {
        List<Map<String, String>> found = new ArrayList<>();
        Map<String, Object> jobs = (Map<String, Object>) yaml(WORKFLOWS.resolve("pipeline.yml")).get("jobs");
        for (Object job : jobs.values()) {
            for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
                if (String.valueOf(step.get("uses")).equals("./infra/.gitea/actions/pxci")) {
                    Map<String, String> with = new java.util.LinkedHashMap<>();
                    ((Map<String, Object>) step.getOrDefault("with", Map.of())).forEach((k, v) -> with.put(k, String.valueOf(v)));
                    found.add(with);
                }
            }
        }
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yml")).count()).isEqualTo(1);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<String> needs(Map<String, Object> jobs, String job) {
        Object needs = ((Map<String, Object>) jobs.get(job)).get("needs");
        return needs instanceof List<?> l ? (List<String>) l : List.of((String) needs);
    }
}
