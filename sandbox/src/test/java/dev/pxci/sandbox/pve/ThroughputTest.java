package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Many {@code GET /cluster/resources} over a few keep-alive TLS connections, as a busy client sends
 * them: every one answered, on the connection it came on. The client is a minimal HTTP/1.1 loop on
 * raw sockets. How fast is the benchmark's business; a test that timed it would fail on a loaded machine.
 */
class ThroughputTest {

    private static final int CONNECTIONS = 4;
    private static final int REQUESTS_PER_CONNECTION = 500;

    @Test
    void answersTwoThousandClusterResourceReadsOverFourKeepAliveConnections() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start()) {
            PveTestClient setup = new PveTestClient(sim);
            for (int vmid = 700; vmid < 705; vmid++) {
                setup.createContainer(vmid);
            }
            byte[] request = ("GET /api2/json/cluster/resources HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            sim.resetCounts();

            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> connections = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                connections.add(pool.submit(() -> {
                    try (SSLSocket socket = (SSLSocket) sim.certificate().clientContextTrustingOnlyThis()
                            .getSocketFactory().createSocket("127.0.0.1", sim.port())) {
                        OutputStream out = socket.getOutputStream();
                        InputStream in = new BufferedInputStream(socket.getInputStream());
                        for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                            out.write(request);
                            out.flush();
                            (readResponse(in) == 200 ? ok : failed).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> connection : connections) {
                connection.get();
            }
            pool.shutdown();

            assertThat(failed.get()).isZero();
            assertThat(ok.get()).isEqualTo((long) CONNECTIONS * REQUESTS_PER_CONNECTION);
            assertThat(sim.requestCounts()).containsEntry("GET", ok.get());
        }
    }

    /** Reads one response (status line, headers, Content-Length body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int length = 0;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new EOFException("short body");
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
