package dev.pxci.adapter.ansible;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Fixed answers in the Proxmox VE API's shapes ({@code {"data": ...}}, errors with a
 * {@code message}) over real HTTPS on loopback, with a certificate for 127.0.0.1 made by keytool.
 * Stands in for a Proxmox VE node for the adapter's reads; records what it was asked.
 */
final class RecordedPveApi implements AutoCloseable {
    private static final String PASSWORD = "changeit";
    private final HttpsServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Path caFile;

    record Answer(int status, String body) {
    }

    RecordedPveApi(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("pve.p12");
        caFile = dir.resolve("pve-root-ca.pem");
        keytool("-genkeypair", "-alias", "pve", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "pve", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", caFile.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            String full = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String path = full.replaceFirst("^/api2/json", "");
            requests.add(exchange.getRequestMethod() + " " + path);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer = answers.getOrDefault(path, new Answer(501, "{\"data\":null,\"message\":\"Method 'GET " + path
                    + "' not implemented\"}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    RecordedPveApi answer(String path, String dataJson) {
        answers.put(path, new Answer(200, "{\"data\":" + dataJson + "}"));
        return this;
    }

    RecordedPveApi fail(String path, int status, String message) {
        answers.put(path, new Answer(status, "{\"data\":null,\"message\":\"" + message + "\"}"));
        return this;
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
