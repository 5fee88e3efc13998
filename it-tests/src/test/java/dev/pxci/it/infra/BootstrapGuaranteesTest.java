package dev.pxci.it.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.domain.stage.BootstrapStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * pxci's bootstrap stage and the Ansible role infra/base give the same guarantees: the same sshd
 * drop-in, byte for byte, at the same path; the same sudo rule; both checked before they take
 * effect. (What they do in a container is tested in one: {@code BootstrapInContainerIT}.)
 */
class BootstrapGuaranteesTest {
    private static final Path ROLE = Path.of("..").toAbsolutePath().normalize().resolve("infra/base/roles/base");

    @Test
    void theRoleInstallsTheStagesSshdDropInAtTheSamePath() throws IOException {
        assertThat(Files.readString(ROLE.resolve("files/sshd-hardening.conf"))).isEqualTo(BootstrapStage.SSHD_HARDENING);
        assertThat(defaults().get("base_sshd_dropin")).isEqualTo(BootstrapStage.SSHD_DROP_IN);
    }

    @Test
    void theRoleWritesTheStagesSudoRuleAndChecksBothFilesBeforeTheyTakeEffect() throws IOException {
        Map<String, Object> sudo = module(task("Allow the sudo users to run their commands"), "ansible.builtin.copy");
        Map<String, Object> sshd = module(task("Harden the SSH server (keys only, no root)"), "ansible.builtin.copy");
        @SuppressWarnings("unchecked")
        List<String> commands = (List<String>) defaults().get("base_sudo_commands");

        String rendered = String.valueOf(sudo.get("content"))
                .replace("{{ item.name }}", "config").replace("{{ base_sudo_commands | join(', ') }}", String.join(", ", commands));
        assertThat(rendered).isEqualTo(BootstrapStage.sudoRule("config"));
        assertThat(sudo.get("validate")).isEqualTo("/usr/sbin/visudo -cf %s");
        // the role's check is the stage's script (printf's %s doubled for Ansible's own % formatting)
        assertThat(String.valueOf(sshd.get("validate")))
                .isEqualTo("/bin/sh -c '" + BootstrapStage.SSHD_CHECK.replace("%s", "%%s").replace('\'', '"') + "' sh %s");
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
    private static Map<String, Object> module(Map<String, Object> task, String module) {
        return (Map<String, Object>) task.get(module);
    }
}
