package dev.pxci.it.cinc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Installing the client over the {@code local} shell. */
class CincInstallOverLocalShellIT extends CincInstallContract {

    @BeforeAll
    static void open() {
        transport = TestTransport.local();
    }

    @AfterAll
    static void close() throws Exception {
        transport.close();
    }
}
