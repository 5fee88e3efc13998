package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybookInvocationTest {

    @Test
    void commandLineCarriesPathsAndFlagsButNoVariableValue() {
        ExtraVars vars = new ExtraVars().put("token_secret", Secret.of("hunter2")).put("hostname", "ci-runner");
        PlaybookInvocation invocation = new PlaybookInvocation("provision", Path.of("/work"), List.of(Path.of("/work/default.yml")),
                Inventory.localhost(), vars, true, List.of("provision", "always"), Map.of(), Duration.ofMinutes(1));

        List<String> argv = invocation.argv("ansible-playbook", Path.of("/run/inv.json"), Path.of("/run/vars.json"));

        assertThat(argv).containsExactly("ansible-playbook", "-i", "/run/inv.json", "-e", "@/run/vars.json", "--check",
                "--tags", "provision,always", "/work/default.yml");
        assertThat(String.join(" ", argv)).doesNotContain("hunter2").doesNotContain("ci-runner");
    }

    @Test
    void dottedAttributesBecomeNestedVariablesAndSecretsAreCollected() {
        Secret password = Secret.of("pw");
        ExtraVars vars = new ExtraVars().putPath("gitea.version", "1.24.7").putPath("gitea.admin.password", password)
                .put("plain", List.of(Map.of("deep", Secret.of("deeper"))));

        assertThat(vars.secrets()).containsExactlyInAnyOrder(password, Secret.of("deeper"));
    }

    @Test
    void attributePathsThatCollideOrAreNoVariableNamesAreRejected() {
        ExtraVars vars = new ExtraVars().putPath("gitea.version", "1");

        assertThatThrownBy(() -> vars.putPath("gitea.version.major", "1")).isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> vars.putPath("gitea", "x")).isInstanceOf(PxciException.class);
        assertThatThrownBy(() -> vars.putPath("bad-name.x", "x")).isInstanceOf(PxciException.class)
                .hasMessageContaining("bad-name.x");
    }
}
