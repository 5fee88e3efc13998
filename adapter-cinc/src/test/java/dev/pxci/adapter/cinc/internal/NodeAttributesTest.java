package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAttributesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dottedKeysOfPlainAndSecretAttributesBecomeOneNestedTree() throws Exception {
        byte[] json = NodeAttributes.toJson(
                Map.of("gitea.version", "1.24.7", "gitea.admin.user", "admin", "ip", "10.0.0.5"),
                Map.of("gitea.admin.password", Secret.of("s3cret!"), "share.users.config.password", Secret.of("pw")));

        JsonNode root = JSON.readTree(json);
        assertThat(root.path("gitea").path("version").asText()).isEqualTo("1.24.7");
        assertThat(root.path("gitea").path("admin").path("user").asText()).isEqualTo("admin");
        assertThat(root.path("gitea").path("admin").path("password").asText()).isEqualTo("s3cret!");
        assertThat(root.path("share").path("users").path("config").path("password").asText()).isEqualTo("pw");
        assertThat(root.path("ip").asText()).isEqualTo("10.0.0.5");
    }

    @Test
    void aKeyThatIsBothValueAndGroupIsRefusedNamingKeysButNoValue() {
        assertThatThrownBy(() -> NodeAttributes.toJson(Map.of("gitea", "x"),
                Map.of("gitea.admin.password", Secret.of("hidden-value"))))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("'gitea'")
                .hasMessageContaining("gitea.admin.password")
                .hasMessageNotContaining("hidden-value")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void aKeyGivenAsPlainAndSecretIsRefused() {
        assertThatThrownBy(() -> NodeAttributes.toJson(Map.of("a.b", "plain"), Map.of("a.b", Secret.of("secret"))))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("both as a plain and as a secret")
                .hasMessageNotContaining("secret\"");
    }

    @Test
    void keysWithEmptyPartsAreRefused() {
        assertThatThrownBy(() -> NodeAttributes.toJson(Map.of("gitea..version", "1"), Map.of()))
                .isInstanceOf(PxciException.class)
                .hasMessageContaining("empty part");
    }
}
