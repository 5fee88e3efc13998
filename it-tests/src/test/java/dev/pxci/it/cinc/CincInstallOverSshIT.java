package dev.pxci.it.cinc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Installing the client over the {@code ssh} shell, against the real OpenSSH server on loopback. */
class CincInstallOverSshIT extends CincInstallContract {

    @BeforeAll
    static void open() throws Exception {
        transport = TestTransport.ssh();
    }

    @AfterAll
    static void close() throws Exception {
        transport.close();
    }
}
