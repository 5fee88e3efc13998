package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A request that announces a 200 MB body, of which the client sends only the first kilobyte and
 * then waits: each simulator must answer (refuse) at once, without waiting for the rest, when the
 * caller is not allowed to send it or the body is over the simulator's bound. The answer arriving
 * while 199.9 MB are still unsent proves the body was not read first.
 */
class OversizedRequestsIT {
    private static final long ANNOUNCED = 200L * 1024 * 1024;

    /** Sends the head and 1 KiB of the body, then reads the status line (10 s at most). */
    private static String statusLine(Socket socket, String method, String path, String authorization) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write("description=".concat("a".repeat(1012)).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static Socket pve(PveSimulator sim) throws IOException {
        URI uri = URI.create(sim.baseUrl());
        SSLSocket socket = (SSLSocket) sim.certificate().clientContextTrustingOnlyThis().getSocketFactory()
                .createSocket("127.0.0.1", uri.getPort());
        socket.startHandshake();
        return socket;
    }

    @Test
    void theProxmoxSimulatorRefusesBeforeReadingTheBody() throws IOException {
        try (PveSimulator sim = Pve.simulator()) {
            try (Socket s = pve(sim)) {
                assertThat(statusLine(s, "PUT", "/api2/json/nodes/pve/lxc/100/config", "PVEAPIToken=root@pam!x=wrong"))
                        .startsWith("HTTP/1.1 401");
            }
            try (Socket s = pve(sim)) {
                assertThat(statusLine(s, "PUT", "/api2/json/nodes/pve/lxc/100/config", null)).startsWith("HTTP/1.1 401");
            }
            try (Socket s = pve(sim)) {
                String token = "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret();
                assertThat(statusLine(s, "PUT", "/api2/json/nodes/pve/lxc/100/config", token))
                        .as("over pveproxy's 512 KiB").startsWith("HTTP/1.1 501");
            }
        }
    }

    @Test
    void theGiteaSimulatorRefusesBeforeReadingTheBody() throws IOException {
        try (GiteaSimulator sim = GiteaSimulator.builder().port(0).start()) {
            int port = URI.create(sim.baseUrl()).getPort();
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(statusLine(s, "POST", "/api/v1/orgs", "token " + "f".repeat(40))).startsWith("HTTP/1.1 401");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(statusLine(s, "POST", "/api/v1/orgs", null)).startsWith("HTTP/1.1 401");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(statusLine(s, "POST", "/api/v1/orgs", "token " + sim.adminToken()))
                        .as("over the simulator's 32 MiB").startsWith("HTTP/1.1 413");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(statusLine(s, "POST", "/infra/pxci.git/git-receive-pack", null)).startsWith("HTTP/1.1 401");
            }
        }
    }
}
