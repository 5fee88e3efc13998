package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void everyOccurrenceOfEverySecretIsReplaced() {
        SecretRedactor redactor = new SecretRedactor(List.of(Secret.of("hunter2"), Secret.of("tok-123")));

        assertThat(redactor.redact("user=admin password=hunter2 token=tok-123 again hunter2"))
                .isEqualTo("user=admin password=*** token=*** again ***");
    }

    @Test
    void aMultiLineSecretIsAlsoFoundOneLineAtATime() {
        String key = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\n-----END KEY-----";
        SecretRedactor redactor = new SecretRedactor(List.of(Secret.of(key)));

        assertThat(redactor.redact("  - AAAAB3NzaC1yc2EAAAADAQAB")).isEqualTo("  - ***");
    }

    @Test
    void theLongerSecretWinsWhenOneContainsAnother() {
        SecretRedactor redactor = new SecretRedactor(List.of(Secret.of("abc"), Secret.of("abcdef")));

        assertThat(redactor.redact("x=abcdef")).isEqualTo("x=***");
    }

    @Test
    void emptySecretsChangeNothing() {
        assertThat(new SecretRedactor(List.of(Secret.of(""))).redact("plain line")).isEqualTo("plain line");
    }
}
