package dev.pxci.it.cinc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cinc configurator over the {@code local} shell: this machine is the container. */
class CincOverLocalShellIT extends CincRunnerContract {

    @BeforeAll
    static void open() {
        transport = TestTransport.local();
    }

    @AfterAll
    static void close() throws Exception {
        transport.close();
    }
}
