package dev.pxci.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("PXCI_ACCEPTANCE_URL", "https://pve.example:8006");
        env.put("PXCI_ACCEPTANCE_TOKEN", "root@pam!ci");
        env.put("PXCI_ACCEPTANCE_SECRET", "0b1e7c1a-0000-4000-8000-000000000001");
        env.put("PXCI_ACCEPTANCE_IDS", "9900-9909");
        return env;
    }

    @Test
    void withoutAnyRequiredVariableTheSuiteIsSkipped() {
        assertThat(Settings.from(Map.of("PXCI_ACCEPTANCE_NODE", "pve2"))).isEmpty();
    }

    @Test
    void aPartialSetNamesEveryMissingVariable() {
        Map<String, String> env = complete();
        env.remove("PXCI_ACCEPTANCE_SECRET");
        env.remove("PXCI_ACCEPTANCE_IDS");

        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(Settings.Invalid.class)
                .hasMessageContaining("PXCI_ACCEPTANCE_SECRET is not set")
                .hasMessageContaining("PXCI_ACCEPTANCE_IDS is not set");
    }

    @Test
    void defaultsFillTheOptionalVariablesAndGoIsOffUnlessYes() {
        Settings settings = Settings.from(complete()).orElseThrow();

        assertThat(settings.node()).isEqualTo("pve");
        assertThat(settings.storage()).isEqualTo("local-lvm");
        assertThat(settings.templateStorage()).isEqualTo("local");
        assertThat(settings.ids().size()).isEqualTo(10);
        assertThat(settings.tokenUser()).isEqualTo("root@pam");
        assertThat(settings.go()).isFalse();
        Map<String, String> go = complete();
        go.put("PXCI_ACCEPTANCE_GO", "yes");
        assertThat(Settings.from(go).orElseThrow().go()).isTrue();
    }

    @Test
    void aRangeOfOneIdOrMoreThanAHundredOrAMalformedTokenIsRefused() {
        Map<String, String> one = complete();
        one.put("PXCI_ACCEPTANCE_IDS", "9900-9900");
        assertThatThrownBy(() -> Settings.from(one)).hasMessageContaining("holding 2 to 100 ids");
        Map<String, String> wide = complete();
        wide.put("PXCI_ACCEPTANCE_IDS", "1000-1100");
        assertThatThrownBy(() -> Settings.from(wide)).hasMessageContaining("PXCI_ACCEPTANCE_IDS is '1000-1100'");
        Map<String, String> token = complete();
        token.put("PXCI_ACCEPTANCE_TOKEN", "ci");
        assertThatThrownBy(() -> Settings.from(token)).hasMessageContaining("not USER@REALM!NAME");
    }

    @Test
    void theSubnetGivesTheContainerAStaticAddressAndTheGateway() {
        Map<String, String> env = complete();
        env.put("PXCI_ACCEPTANCE_SUBNET", "10.99.0.77/24");
        Settings settings = Settings.from(env).orElseThrow();

        assertThat(settings.subnet().orElseThrow().address(0)).isEqualTo("10.99.0.10/24");
        assertThat(settings.subnet().orElseThrow().gateway()).isEqualTo("10.99.0.1");
        assertThat(Declaration.initial(true).text(settings)).contains("IP=10.99.0.10/24\n", "GATEWAY=10.99.0.1\n",
                "TAGS=pxci,pxci-acceptance\n", "ID=9900\n", "MOUNT=share:1\n");
    }

    @Test
    void theSecretIsInNoStringFormAndIsScrubbedFromText() {
        Settings settings = Settings.from(complete()).orElseThrow();
        String secret = "0b1e7c1a-0000-4000-8000-000000000001";

        assertThat(settings.toString()).doesNotContain(secret);
        assertThat(settings.scrub("header PVEAPIToken=root@pam!ci=" + secret)).doesNotContain(secret).contains("***");
        Report report = new Report(settings);
        report.add(new Report.Check("create", Report.Outcome.FAILED, java.time.Duration.ZERO, "echoed " + secret));
        assertThat(report.markdown()).doesNotContain(secret).contains("| create | failed |");
    }
}
