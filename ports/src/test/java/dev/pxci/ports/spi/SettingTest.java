package dev.pxci.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static AdapterConfig given(String key, String value) {
        return new AdapterConfig(Map.of(key, value), Map.of());
    }

    @Test
    void theDefaultAKeyShowsIsTheValueUsedWhenNoneIsGiven() {
        for (Duration d : new Duration[] {Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofMinutes(60),
                Duration.ofSeconds(90), Duration.ZERO}) {
            Setting<Duration> timeout = Setting.duration("x.timeout", "how long", d);

            String shown = timeout.key().defaultValue().orElseThrow();

            assertThat(timeout.from(AdapterConfig.empty())).isEqualTo(d);
            assertThat(timeout.from(given("x.timeout", shown))).as(shown).isEqualTo(d);
        }
        assertThat(Setting.duration("x.timeout", "how long", Duration.ofMinutes(60)).key().defaultValue()).contains("60m");
        assertThat(Setting.duration("x.timeout", "how long", Duration.ofSeconds(60)).key().defaultValue()).contains("60s");
    }

    @Test
    void aGivenValueIsParsedAndABadOneNamesTheKey() {
        Setting<Boolean> insecure = Setting.flag("x.insecure", "skip TLS checks", false);
        Setting<Integer> attempts = Setting.number("x.attempts", "how often", 3);
        Setting<String> dir = Setting.text("x.dir", "where", "/var/tmp/x");

        assertThat(insecure.from(given("x.insecure", "yes"))).isTrue();
        assertThat(attempts.from(given("x.attempts", " 7 "))).isEqualTo(7);
        assertThat(dir.from(given("x.dir", " /srv/x "))).isEqualTo("/srv/x");
        assertThat(dir.from(AdapterConfig.empty())).isEqualTo("/var/tmp/x");
        assertThat(insecure.key()).isEqualTo(ConfigKey.plain("x.insecure", "skip TLS checks", "false"));
        assertThatThrownBy(() -> attempts.from(given("x.attempts", "many"))).isInstanceOfSatisfying(PxciException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("'x.attempts'", "'many'");
        });
    }
}
