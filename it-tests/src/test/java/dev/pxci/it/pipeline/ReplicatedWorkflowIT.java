package dev.pxci.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.cli.Cli;
import dev.pxci.cli.Console;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The workflow replicate pushes, read as a runner reads it: every {@code vars.*} and
 * {@code secrets.*} it names is one that {@code replicate} puts on the organisation (checked by
 * replicating into the Gitea simulator), secrets and the job token reach steps only through
 * {@code env} (never in a {@code run:} script, a URL or a command line), and the jobs form one
 * {@code needs} chain from {@code build} to {@code replicate}.
 */
class ReplicatedWorkflowIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORKFLOW = ROOT.resolve("infra/.gitea/workflows/pipeline.yml");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{\\s*(vars|secrets)\\.([A-Za-z0-9_]+)\\s*\\}\\}");
    /** Given instead of PROXMOX_URL, which the sandbox sets (the workflow passes both along). */
    private static final Set<String> ALTERNATIVES = Set.of("PROXMOX_HOST");
    /** What Gitea itself puts into every task's secrets. */
    private static final Set<String> GITEA_GIVES = Set.of("GITEA_TOKEN", "GITHUB_TOKEN");

    @TempDir
    Path project;
    @TempDir
    Path keys;

    @Test
    void everyVariableAndSecretTheWorkflowNamesIsOneReplicateSets() throws Exception {
        Files.writeString(project.resolve("config.env"), "ID=311\nHOSTNAME=ci\nIP=10.20.0.11/24\nGATEWAY=10.20.0.1\n");
        copy(ROOT.resolve("infra/.gitea"), project.resolve("infra/.gitea"));
        Files.createSymbolicLink(project.resolve(".gitea"), Path.of("infra/.gitea"));
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                keys.resolve("ci_key").toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        String keyBody = Files.readAllLines(keys.resolve("ci_key")).get(1);
        Files.writeString(keys.resolve("known_hosts"), "10.20.0.11 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIhost\n");
        Map<String, String> env = Map.of("PXCI_SSH_PRIVATE_KEY", keys.resolve("ci_key").toString(),
                "PXCI_SSH_KNOWN_HOSTS", keys.resolve("known_hosts").toString(),
                "PXCI_SSH_PUBLIC_KEY", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPxci ci@pxci");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), env, false, project,
                new ByteArrayInputStream(new byte[0]));
        int exit = Cli.run(new String[] {"apply", "--sandbox", "--stage", "provision", "--stage", "replicate"}, console);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).doesNotContain(keyBody);

        Map<String, Set<String>> named = references(Files.readString(WORKFLOW));
        try (GiteaSimulator gitea = GiteaSimulator.builder().stateDirectory(project.resolve(".pxci/sandbox/gitea")).start()) {
            Set<String> variables = new LinkedHashSet<>(named.get("vars"));
            variables.removeAll(ALTERNATIVES);
            assertThat(gitea.variables("srv").keySet()).containsAll(variables);
            Set<String> secrets = new LinkedHashSet<>(named.get("secrets"));
            secrets.removeAll(GITEA_GIVES);
            assertThat(gitea.secrets("srv").keySet()).containsAll(secrets);
            assertThat(gitea.variables("srv")).containsEntry("PXCI_CONFIG", "config.env")
                    .containsEntry("SSH_KNOWN_HOSTS", Files.readString(keys.resolve("known_hosts")).strip());
            assertThat(String.join("\n", gitea.variables("srv").values())).doesNotContain(keyBody);
            assertThat(gitea.secrets("srv").get("SSH_PRIVATE_KEY")).isEqualTo(Files.readString(keys.resolve("ci_key")).strip());
        }
    }

    @Test
    void secretsAndTheJobTokenReachStepsThroughTheEnvironmentOnly() throws IOException {
        Map<?, ?> workflow = new Yaml().load(Files.readString(WORKFLOW));
        assertThat(String.valueOf(((Map<?, ?>) workflow.get("env")))).contains("secrets.");
        for (Map.Entry<?, ?> job : ((Map<?, ?>) workflow.get("jobs")).entrySet()) {
            for (Object step : (List<?>) ((Map<?, ?>) job.getValue()).get("steps")) {
                Map<?, ?> s = (Map<?, ?>) step;
                String run = String.valueOf(s.get("run"));
                assertThat(run).as("job %s: a run script", job.getKey()).doesNotContain("secrets.", "gitea.token", "@");
                assertThat(String.valueOf(s.get("with"))).as("job %s: action inputs", job.getKey())
                        .doesNotContain("secrets.", "gitea.token");
            }
        }
        String action = Files.readString(ROOT.resolve("infra/.gitea/actions/pxci/action.yml"));
        assertThat(action).doesNotContain("secrets.");
    }

    @Test
    void theJobsFormOneChainFromBuildToReplicate() throws IOException {
        Map<?, ?> jobs = (Map<?, ?>) ((Map<?, ?>) new Yaml().load(Files.readString(WORKFLOW))).get("jobs");
        Map<String, List<String>> needs = new LinkedHashMap<>();
        jobs.forEach((k, v) -> {
            Object n = ((Map<?, ?>) v).get("needs");
            needs.put(String.valueOf(k), n == null ? List.of() : n instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(n)));
        });
        assertThat(needs.get("build")).isEmpty();
        for (String job : needs.keySet()) {
            assertThat(needs.keySet()).as("what %s needs exists", job).containsAll(needs.get(job));
            assertThat(job.equals("build") || reaches(needs, job, "build")).as("%s comes after build", job).isTrue();
        }
        assertThat(reaches(needs, "replicate", "verify")).isTrue();
        assertThat(reaches(needs, "verify", "configure") && reaches(needs, "verify", "share")).isTrue();
    }

    private static boolean reaches(Map<String, List<String>> needs, String from, String to) {
        List<String> open = new ArrayList<>(needs.get(from));
        Set<String> seen = new LinkedHashSet<>();
        while (!open.isEmpty()) {
            String next = open.remove(0);
            if (next.equals(to)) {
                return true;
            }
            if (seen.add(next)) {
                open.addAll(needs.getOrDefault(next, List.of()));
            }
        }
        return false;
    }

    private static Map<String, Set<String>> references(String text) {
        Map<String, Set<String>> found = new LinkedHashMap<>(Map.of("vars", new LinkedHashSet<>(),
                "secrets", new LinkedHashSet<>()));
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            found.get(m.group(1)).add(m.group(2));
        }
        assertThat(found.get("vars")).isNotEmpty();
        assertThat(found.get("secrets")).isNotEmpty();
        return found;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
