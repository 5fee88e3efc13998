package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    @Test
    void buildsTheSameTreeAsObjectMapperReadTree() throws IOException {
        String answer = """
                {"data": [{"vmid": 101, "maxmem": 8589934592, "maxdisk": 85899345920000000000, "cpu": 0.0125,
                  "name": "ct\\u00e9", "template": false, "lock": null, "tags": "a;b", "nested": {"deep": [1, [2, {}]]},
                  "dup": 1, "dup": "last"}], "total": 1}
                """;

        JsonNode ours = JsonTree.parse(answer);
        JsonNode theirs = new ObjectMapper().readTree(answer);

        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get("data").get(0).get("maxmem").isLong()).isTrue();
        assertThat(ours.get("data").get(0).get("vmid").isInt()).isTrue();
        assertThat(ours.get("data").get(0).get("maxdisk").isBigInteger()).isTrue();
        assertThat(ours.get("data").get(0).get("dup").asText()).isEqualTo("last");
    }

    @Test
    void scalarsAtTheTopAreValuesToo() throws IOException {
        assertThat(JsonTree.parse("\"UPID:pve:0001\"").asText()).isEqualTo("UPID:pve:0001");
        assertThat(JsonTree.parse("null").isNull()).isTrue();
        assertThat(JsonTree.parse("[]").isArray()).isTrue();
    }

    @Test
    void malformedOrEmptyInputFails() {
        assertThatThrownBy(() -> JsonTree.parse("{\"data\": ")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("<html>Bad gateway</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("  ")).isInstanceOf(IOException.class);
    }
}
