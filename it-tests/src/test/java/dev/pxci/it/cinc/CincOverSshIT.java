package dev.pxci.it.cinc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ConvergeMode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cinc configurator over the {@code ssh} shell, against the real OpenSSH server on loopback. */
class CincOverSshIT extends CincRunnerContract {

    @BeforeAll
    static void open() throws Exception {
        transport = TestTransport.ssh();
    }

    @AfterAll
    static void close() throws Exception {
        transport.close();
    }

    @Test
    void theSecretDoesNotReachTheServersLogEither() {
        converge(ConvergeMode.APPLY, Map.of("echo", "app.password"), Map.of("app.password", Secret.of(SECRET)));

        assertThat(transport.serverLog()).isNotEmpty().noneMatch(l -> l.contains(SECRET));
    }
}
