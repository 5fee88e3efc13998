package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pxci sandbox} in the foreground, as a user starts it for other clients: what it prints
 * is enough to use both simulators, and the fingerprint it prints is the one the API serves.
 */
class SandboxCommandIT {
    private static final Pattern API = Pattern.compile("(?m)^Proxmox VE API\\s+(\\S+)$");
    private static final Pattern TOKEN = Pattern.compile("(?m)^API token\\s+(\\S+)$");
    private static final Pattern FINGERPRINT = Pattern.compile("(?m)^TLS fingerprint\\s+(\\S+)$");
    private static final Pattern GITEA = Pattern.compile("(?m)^Gitea\\s+(\\S+)$");
    private static final Pattern GITEA_ADMIN = Pattern.compile("(?m)^Gitea admin\\s+(\\S+), token (\\S+) ");

    @TempDir
    Path dir;

    @Test
    void whatItPrintsReachesBothSimulatorsAndTheFingerprintIsTheServedOne() throws Exception {
        PxciProcess sandbox = PxciProcess.start(dir, Map.of(), dir.resolve("tmp"), dir.resolve("logs"), "sandbox");
        try {
            String printed = awaitPrinted(sandbox);

            HttpResponse<String> version = insecureClient().send(HttpRequest.newBuilder(URI.create(group(API, printed)
                            + "/version")).header("Authorization", "PVEAPIToken=" + group(TOKEN, printed)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
            assertThat(version.body()).contains("\"release\"");
            X509Certificate served = (X509Certificate) version.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(group(FINGERPRINT, printed)).isEqualTo(colonHex(MessageDigest.getInstance("SHA-256")
                    .digest(served.getEncoded())));

            Matcher admin = GITEA_ADMIN.matcher(printed);
            assertThat(admin.find()).as(printed).isTrue();
            HttpResponse<String> org = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(group(GITEA, printed)
                            + "/api/v1/orgs")).header("Authorization", "token " + admin.group(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"printed\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(org.statusCode()).as(org.body()).isEqualTo(201);
        } finally {
            sandbox.kill();
        }
    }

    /**
     * SIGTERM while git clones are being served: the servers close while the JVM still runs, so
     * JGit's own shutdown hook does not race them (it printed an InterruptedException before).
     */
    @Test
    void aSignalStopsItCleanlyWhileGitIsServed() throws Exception {
        PxciProcess sandbox = PxciProcess.start(dir, Map.of(), dir.resolve("tmp"), dir.resolve("logs"), "sandbox");
        java.util.concurrent.ExecutorService clones = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            String printed = awaitPrinted(sandbox);
            Matcher admin = GITEA_ADMIN.matcher(printed);
            assertThat(admin.find()).as(printed).isTrue();
            String gitea = group(GITEA, printed);
            for (String[] call : new String[][] {{"/api/v1/orgs", "{\"username\":\"stop\"}"},
                    {"/api/v1/orgs/stop/repos", "{\"name\":\"busy\"}"}}) {
                HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gitea + call[0])).header("Authorization", "token " + admin.group(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call[1])).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
            }
            var credentials = new org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider(admin.group(1),
                    admin.group(2));
            Path source = dir.resolve("source");
            try (var git = org.eclipse.jgit.api.Git.init().setDirectory(source.toFile()).setInitialBranch("main")
                    .call()) {
                byte[] noise = new byte[2_000_000];
                new java.util.Random(7).nextBytes(noise);
                java.nio.file.Files.write(source.resolve("noise.bin"), noise);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("noise").setAuthor("it", "it@localhost").setCommitter("it", "it@localhost")
                        .call();
                git.push().setRemote(gitea + "/stop/busy.git").setRefSpecs(
                        new org.eclipse.jgit.transport.RefSpec("main:main")).setCredentialsProvider(credentials).call();
            }
            for (int i = 0; i < 4; i++) {
                Path clone = dir.resolve("clone" + i);
                clones.submit(() -> {
                    org.eclipse.jgit.api.Git.cloneRepository().setURI(gitea + "/stop/busy.git")
                            .setDirectory(clone.toFile()).setCredentialsProvider(credentials).call().close();
                    return null;
                });
            }
            Thread.sleep(200);
            assertThat(ProcessHandle.of(sandbox.pid()).orElseThrow().destroy()).as("SIGTERM sent").isTrue();
            PxciProcess.Result stopped = sandbox.await(Duration.ofSeconds(30));
            assertThat(stopped.exitCode()).as(stopped.all()).isZero();
            assertThat(stopped.stderr()).isEmpty();
        } finally {
            clones.shutdownNow();
            if (sandbox.isAlive()) {
                sandbox.kill();
            }
        }
    }

    /** A state that a running {@code pxci sandbox} holds: status, apply and reset are refused, and not a byte of it changes. */
    @Test
    void anotherProcessIsRefusedTheStateARunningSandboxHoldsAndWritesNothingThere() throws Exception {
        PxciProcess sandbox = PxciProcess.start(dir, Map.of(), dir.resolve("tmp"), dir.resolve("logs"), "sandbox");
        try {
            awaitPrinted(sandbox);
            Path state = dir.resolve(".pxci/sandbox");
            Map<Path, String> before = files(state);
            Files.writeString(dir.resolve("config.env"), "ID=300\nHOSTNAME=held\nIP=dhcp\n");

            for (String[] args : new String[][] {{"status", "--sandbox"}, {"apply", "--sandbox", "--stage", "provision"},
                    {"sandbox", "--reset"}}) {
                InProcessCli.Result r = InProcessCli.run(dir, Map.of(), args);
                assertThat(r.exitCode()).as(r.all()).isNotZero();
                assertThat(r.stderr()).as(r.all()).contains("the sandbox state " + state + " is in use by process "
                        + sandbox.pid(), "nothing was read or written there");
            }

            assertThat(files(state)).as("the running sandbox's files").isEqualTo(before);
            assertThat(sandbox.isAlive()).isTrue();
        } finally {
            sandbox.kill();
        }
    }

    /** Every regular file under {@code root} with its size, modification time and content digest. */
    private static Map<Path, String> files(Path root) throws Exception {
        Map<Path, String> all = new java.util.TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p), Files.size(p) + " " + Files.getLastModifiedTime(p) + " "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return all;
    }

    private static String awaitPrinted(PxciProcess sandbox) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        long pause = 20;
        while (Instant.now().isBefore(deadline) && sandbox.isAlive()) {
            String out = sandbox.stdoutSoFar();
            if (out.contains("Ctrl-C stops")) {
                return out;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 500);
        }
        throw new AssertionError("pxci sandbox printed no endpoints: " + sandbox.stdoutSoFar());
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in\n" + text).isTrue();
        return matcher.group(1);
    }

    private static String colonHex(byte[] digest) {
        return HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
    }

    /** Trusts any certificate, so that the test itself can compare the served one with the printed fingerprint. */
    private static HttpClient insecureClient() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
