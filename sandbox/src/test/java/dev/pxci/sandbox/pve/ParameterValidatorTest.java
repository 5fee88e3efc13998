package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

    private static final ApiSchema SCHEMA = ApiSchema.load(new ObjectMapper());
    private static final Map<String, ParamSpec> CREATE = SCHEMA.parameters("POST", "/nodes/{node}/lxc");

    private static Map<String, String> create(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("node", "pve");
        params.put("vmid", "100");
        params.put("ostemplate", "local:vztmpl/x.tar.zst");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private static Map<String, String> errors(Map<String, String> params) {
        try {
            ParameterValidator.validate(CREATE, params);
        } catch (PveApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Parameter verification failed.");
            return e.errors();
        }
        throw new AssertionError("expected a 400 for " + params);
    }

    @Test
    void booleansInEveryPveSpellingBecomeOneOrZero() {
        Map<String, String> valid = ParameterValidator.validate(CREATE,
                create("onboot", "yes", "protection", "off", "console", "TRUE"));

        assertThat(valid).containsEntry("onboot", "1").containsEntry("protection", "0").containsEntry("console", "1");
    }

    @Test
    void indexedParametersResolveToTheirTemplateAndOthersAreUnknown() {
        assertThat(ParameterValidator.validate(CREATE, create("mp12", "local-lvm:4,mp=/x"))).containsKey("mp12");
        assertThat(errors(create("disk0", "x"))).containsOnlyKeys("disk0");
    }

    @Test
    void propertyStringsNeedTheirRequiredKeysAndKnownKeysOnly() {
        assertThat(errors(create("mp0", "local-lvm:4")).get("mp0"))
                .isEqualTo("invalid format - format error\nmp0.mp: property is missing and it is not optional\n");
        assertThat(errors(create("net0", "name=eth0,ip=300.1.1.1/24")).get("net0"))
                .contains("net0.ip: value does not look like a valid IPv4 network configuration");
        assertThat(errors(create("features", "nesting=maybe")).get("features"))
                .contains("features.nesting: type check ('boolean') failed - got 'maybe'");
    }

    @Test
    void namedFormatsAreChecked() {
        Map<String, String> errors = errors(create("hostname", "-bad-", "storage", "Local", "tags", "ok;not ok!"));

        assertThat(errors.get("hostname")).isEqualTo("value does not look like a valid DNS name");
        assertThat(errors.get("storage")).isEqualTo("storage ID 'Local' contains illegal characters");
        assertThat(errors).containsKey("tags");
    }

    @Test
    void perlPatternsOfTheSchemaWorkInJava() {
        assertThat(ParameterValidator.validate(CREATE, create("env", "A=1\0B=2"))).containsKey("env");
        assertThat(errors(create("env", "no equals sign")).get("env")).isEqualTo("value does not match the regex pattern");
    }

    @Test
    void maxLengthIsEnforced() {
        assertThat(errors(create("hostname", "a".repeat(256))).get("hostname"))
                .isEqualTo("value may only be 255 characters long");
    }

    @Test
    void literalPathSegmentsWinOverVariables() {
        ApiSchema.Match match = SCHEMA.find("GET", java.util.List.of("nodes", "pve", "lxc", "100", "status", "current"))
                .orElseThrow();

        assertThat(match.endpoint().template()).isEqualTo("/nodes/{node}/lxc/{vmid}/status/current");
        assertThat(match.pathParameters()).containsEntry("node", "pve").containsEntry("vmid", "100");
        assertThat(SCHEMA.find("PATCH", java.util.List.of("version"))).isEmpty();
        assertThatThrownBy(() -> SCHEMA.parameters("GET", "/nowhere")).isInstanceOf(IllegalArgumentException.class);
    }
}
