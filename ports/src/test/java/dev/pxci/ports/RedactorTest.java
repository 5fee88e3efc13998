package dev.pxci.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void everyOccurrenceOfEverySecretIsReplaced() {
        Redactor redactor = Redactor.of(List.of(Secret.of("hunter2"), Secret.of("tok-123")));

        assertThat(redactor.apply("user=admin password=hunter2 token=tok-123 again hunter2"))
                .isEqualTo("user=admin password=*** token=*** again ***");
    }

    @Test
    void aMultiLineSecretIsAlsoFoundOneLineAtATime() {
        String key = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\n-----END KEY-----";
        Redactor redactor = Redactor.lineByLine(List.of(Secret.of(key)));

        assertThat(redactor.apply("  - AAAAB3NzaC1yc2EAAAADAQAB")).isEqualTo("  - ***");
    }

    @Test
    void aSecretThatIsAPrefixOfAnotherLeavesNoPartOfTheLongerVisible() {
        Redactor redactor = Redactor.of(List.of(Secret.of("abc"), Secret.of("abcdef")));

        assertThat(redactor.apply("x=abcdef y=abc")).isEqualTo("x=*** y=***");
    }

    @Test
    void theOrderTheSecretsAreGivenInDoesNotMatter() {
        Redactor shortFirst = Redactor.of(List.of(Secret.of("tok"), Secret.of("tok-longer")));
        Redactor longFirst = Redactor.of(List.of(Secret.of("tok-longer"), Secret.of("tok")));

        assertThat(shortFirst.apply("tok-longer tok")).isEqualTo("*** ***").isEqualTo(longFirst.apply("tok-longer tok"));
    }

    @Test
    void aSecretAddedLaterIsStillReplacedBeforeAShorterOneItStartsWith() {
        Redactor redactor = Redactor.of(List.of(Secret.of("pass"))).with(Secret.of("password-2"));

        assertThat(redactor.apply("password-2")).isEqualTo("***");
    }

    @Test
    void aMultiLineSecretIsHiddenLineByLineButShortLinesAreNot() {
        Secret key = Secret.of("-----BEGIN KEY-----\n  MIIEvQIBADANBg  \ny\n-----END KEY-----");
        Redactor redactor = Redactor.lineByLine(List.of(key));

        assertThat(redactor.apply("line: MIIEvQIBADANBg")).isEqualTo("line: ***");
        assertThat(redactor.apply("y")).isEqualTo("y");
        assertThat(Redactor.of(List.of(key)).apply("MIIEvQIBADANBg")).isEqualTo("MIIEvQIBADANBg");
    }

    @Test
    void emptySecretsAndNullTextChangeNothing() {
        Redactor redactor = Redactor.of(List.of(Secret.of("")));

        assertThat(redactor.apply("plain")).isEqualTo("plain");
        assertThat(redactor.apply(null)).isNull();
        assertThat(Redactor.none().apply("plain")).isEqualTo("plain");
    }

    @Test
    void revealsAnyTellsWhetherAValueIsInAText() {
        Redactor redactor = Redactor.of(List.of(Secret.of("hunter2")));

        assertThat(redactor.revealsAny("pw=hunter2")).isTrue();
        assertThat(redactor.revealsAny("pw=***")).isFalse();
    }
}
