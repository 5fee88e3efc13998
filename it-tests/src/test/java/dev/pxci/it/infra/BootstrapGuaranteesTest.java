package dev.pxci.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.domain.stage.BootstrapStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * pxci's bootstrap stage and the Ansible role infra/base give the same guarantees, shown by what
 * they do rather than by what their sources say: the role, rendered by the real Ansible, writes the
 * stage's sudo rule; the stage's check and the role's, run with the real {@code sshd -t} on the
 * drop-in both write, accept it and refuse a broken one before it takes effect; and with it in
 * place the server says no to root and to passwords. (What they do in a container is tested in
 * one: {@code InContainerStagesIT}.)
 */
class BootstrapGuaranteesTest {
    private static final Path ROLE = Path.of("..").toAbsolutePath().normalize().resolve("infra/base/roles/base");
    private static final String BROKEN = "PermitRootLogin perhaps\n";

    @TempDir
    Path dir;

    @Test
    void theRoleRenderedByAnsibleWritesTheStagesSudoRuleToTheStagesPath() throws Exception {
        Map<String, Object> sudo = module(task("Allow the sudo users to run their commands"));
        // a play beside the role's files, so that its lookups find them as the role's task does
        Files.createSymbolicLink(dir.resolve("files"), ROLE.resolve("files"));
        Map<String, Object> play = Map.of("hosts", "localhost", "connection", "local", "gather_facts", false,
                "vars", Map.of("item", Map.of("name", "config")),
                "tasks", List.of(Map.of("ansible.builtin.debug", Map.of("msg", List.of(sudo.get("dest"), sudo.get("content"))))));
        Files.writeString(dir.resolve("render.yml"), new ObjectMapper().writeValueAsString(List.of(play)));

        ProcessBuilder playbook = new ProcessBuilder("ansible-playbook", "-i", "localhost,", "render.yml")
                .directory(dir.toFile()).redirectErrorStream(true);
        playbook.environment().putAll(Map.of("ANSIBLE_STDOUT_CALLBACK", "json", "ANSIBLE_LOCALHOST_WARNING", "0"));
        Process ansible = playbook.start();
        ansible.getOutputStream().close();
        String out = new String(ansible.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ansible.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(ansible.exitValue()).as(out).isZero();
        JsonNode rendered = json(out).path("plays").path(0).path("tasks").path(0).path("hosts").path("localhost").path("msg");

        assertThat(rendered.path(0).asText()).isEqualTo("/etc/sudoers.d/pxci-config");
        assertThat(rendered.path(1).asText()).isEqualTo(BootstrapStage.sudoRule("config"));
        assertThat(sudo.get("validate")).as("checked by visudo before it takes effect").isEqualTo("/usr/sbin/visudo -cf %s");
    }

    @Test
    void theStagesCheckAndTheRolesAcceptTheDropInAndRefuseABrokenOneWithTheRealSshd() throws Exception {
        Path dropIn = Files.writeString(dir.resolve("00-pxci.conf"), BootstrapStage.SSHD_HARDENING);
        Path broken = Files.writeString(dir.resolve("00-broken.conf"), BROKEN);
        String roleCheck = String.valueOf(module(task("Harden the SSH server (keys only, no root)")).get("validate"));

        assertThat(run(stageCheck(dropIn))).as("the stage's check of the drop-in").isZero();
        assertThat(run(roleCheck(roleCheck, dropIn))).as("the role's check of the drop-in").isZero();
        assertThat(run(stageCheck(broken))).as("the stage's check of a broken drop-in").isNotZero();
        assertThat(run(roleCheck(roleCheck, broken))).as("the role's check of a broken drop-in").isNotZero();
        assertThat(dir.resolve("00-pxci.conf.check")).as("the checks leave nothing behind").doesNotExist();
        assertThat(dropIn).hasContent(Files.readString(ROLE.resolve("files/sshd-hardening.conf")));
        assertThat(module(task("Harden the SSH server (keys only, no root)")).get("dest")).isEqualTo("{{ base_sshd_dropin }}");
        assertThat(defaults().get("base_sshd_dropin")).isEqualTo(BootstrapStage.SSHD_DROP_IN);
    }

    @Test
    void withTheDropInReadFirstTheServerSaysNoToRootAndPasswords() throws Exception {
        Path dropIn = Files.writeString(dir.resolve("00-pxci.conf"), BootstrapStage.SSHD_HARDENING);
        Path config = Files.writeString(dir.resolve("sshd_config"), "Include " + dropIn + "\nInclude /etc/ssh/sshd_config\n");
        Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-T", "-f", config.toString(), "-C",
                "user=root,host=pxci,addr=127.0.0.1").redirectErrorStream(true).start();
        String effective = new String(sshd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sshd.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(sshd.exitValue()).as(effective).isZero();
        assertThat(effective.lines().toList()).contains("permitrootlogin no", "passwordauthentication no",
                "kbdinteractiveauthentication no", "permitemptypasswords no");
    }

    /** The stage's check, as the stage runs it: {@code sh -c SCRIPT sh PATH}. */
    private static List<String> stageCheck(Path file) {
        return List.of("sh", "-c", BootstrapStage.SSHD_CHECK, "sh", file.toString());
    }

    /**
     * The role's check, as Ansible's copy runs it: {@code %s} is the temporary file, {@code %%} a
     * {@code %}, and the line split into words as a shell would.
     */
    private static List<String> roleCheck(String validate, Path file) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < validate.length(); i++) {
            char c = validate.charAt(i);
            if (c == '%' && i + 1 < validate.length()) {
                char next = validate.charAt(++i);
                line.append(next == 's' ? file.toString() : String.valueOf(next));
            } else {
                line.append(c);
            }
        }
        return List.of("sh", "-c", "exec " + line);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static JsonNode json(String out) throws IOException {
        return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> defaults() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(ROLE.resolve("defaults/main.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(String name) throws IOException {
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) new Yaml().load(Files.readString(ROLE.resolve("tasks/main.yml")));
        return tasks.stream().filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> module(Map<String, Object> task) {
        return (Map<String, Object>) task.get("ansible.builtin.copy");
    }
}
