package dev.pxci.sandbox.gitea;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.RequestBodies;
import dev.pxci.sandbox.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.jgit.lib.Repository;

/**
 * An in-process Gitea: HTTP/1.1 on loopback (Apache HttpCore 5's classic server; plain, or HTTPS
 * with a self-signed certificate when asked), the REST
 * subset pxci's forge adapter uses ({@code /api/v1}: version, access tokens, organisations,
 * repositories, Actions secrets, variables, runner registration tokens, workflow dispatch and runs)
 * with Gitea's status codes and {@code {"message","url"}} error bodies, git's smart HTTP
 * protocol over bare JGit repositories, so real git clients push to it, and the runner API under
 * {@code /api/actions} that act_runner registers and polls through ({@link RunnerService}).
 *
 * <p>It has its own admin account ({@link #adminUser()}, {@link #adminToken()}) unless built with
 * {@link Builder#accountsFromCommandLine()}: then, as a fresh Gitea, it has no account until one is
 * made through {@link #administration()}, the way Gitea's command line makes them.
 *
 * <p>By default everything lives in memory and is gone after {@link #close()}. With a {@linkplain
 * Builder#stateDirectory state directory}, the simulator is one Gitea across processes, as a real
 * one is: organisations, repositories and their settings, secrets, variables, access tokens (by
 * hash), runner tokens, runs and the admin account are saved there on every change and reloaded on
 * start, and the git data lives there as bare repositories. {@link #adminToken()} is minted anew on
 * every start; tokens minted through the API keep working.
 *
 * <p>It behaves like Gitea {@code 1.24.7} or {@code 1.26.1}, as each release's OpenAPI document
 * describes it: 1.24 has no runs API, serves runner tokens by GET and POST and answers a dispatch
 * with 204 only; 1.26 has the runs API, runner tokens by POST only and returns the started run when
 * asked ({@code return_run_details=true}).
 *
 * <p>There is no runner: a push to a branch that a workflow's {@code on.push.branches} matches
 * (unless the commit message says {@code [skip ci]}), and a dispatch, create a run that stays
 * {@code queued} until a test moves it on with {@link #setRunStatus}. Tests can read back every
 * repository, secret (with its value), variable, organisation and run, and every request (without
 * its {@code Authorization} header or body) for secret scans. Thread-safe.
 */
public final class GiteaSimulator implements AutoCloseable {
    private static final String DEFAULT_ADMIN = "gitea_admin";
    /** The most an API or runner request may carry: far more than any JSON document the API takes. */
    static final int MAX_API_BODY_BYTES = 32 * 1024 * 1024;

    private final SimulatedVersion version;
    private final GiteaState state;
    private final String adminToken;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final RestApi api;
    private final GitSmartHttp git;
    private final RunnerService runners;
    private final HttpServer server;
    private final String baseUrl;
    private final SelfSignedCertificate certificate;

    private GiteaSimulator(Builder builder) throws IOException {
        this.version = SimulatedVersion.of(builder.version);
        String defaultAdmin = builder.accountsFromCommandLine ? null : DEFAULT_ADMIN;
        if (builder.stateDirectory == null) {
            this.state = defaultAdmin == null ? new GiteaState(null, null, Storage.IN_MEMORY)
                    : new GiteaState(builder.adminUser == null ? DEFAULT_ADMIN : builder.adminUser,
                            GiteaState.randomHex(12), Storage.IN_MEMORY);
            state.ensureBuiltInAdmin();
        } else {
            this.state = StateDirectory.load(builder.stateDirectory, builder.repositoryRoot, version,
                    builder.adminUser, defaultAdmin);
        }
        String[] base = new String[1];
        this.api = new RestApi(state, version, () -> base[0]);
        ActionsJobs jobs = new ActionsJobs(state);
        this.git = new GitSmartHttp(state, jobs);
        this.runners = new RunnerService(state, jobs, () -> base[0], java.time.Clock.systemUTC());
        try {
            synchronized (state) {
                this.adminToken = state.adminUser == null ? null : state.replaceAdminToken().value();
                state.save();
            }
            this.certificate = builder.tls ? SelfSignedCertificate.generate() : null;
            this.server = ServerBootstrap.bootstrap()
                    .setLocalAddress(builder.listenAddress)
                    .setListenerPort(builder.port)
                    .setSslContext(certificate == null ? null : certificate.serverContext())
                    .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(60)).setSoReuseAddress(true).build())
                    .setRequestRouter((request, context) -> this::handle)
                    .create();
            server.start();
        } catch (IOException | RuntimeException e) {
            synchronized (state) {
                state.close();
            }
            throw e;
        }
        this.baseUrl = builder.rootUrl != null ? builder.rootUrl.replaceAll("/+$", "")
                : (certificate == null ? "http://" : "https://") + InetAddress.getLoopbackAddress().getHostAddress()
                        + ":" + server.getLocalPort();
        base[0] = baseUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings for {@link #start()}; defaults: version 1.26.1, a free port, admin user {@code
     * gitea_admin}, everything in memory.
     */
    public static final class Builder {
        private String version = "1.26.1";
        private int port;
        private String adminUser;
        private Path stateDirectory;
        private Path repositoryRoot;
        private boolean tls;
        private boolean accountsFromCommandLine;
        private InetAddress listenAddress = InetAddress.getLoopbackAddress();
        private String rootUrl;

        private Builder() {
        }

        /**
         * Serves HTTPS with a fresh self-signed certificate instead of plain HTTP, as a Gitea behind
         * its own certificate does; clients must trust {@link #certificate()} or refuse.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** {@code 1.24.7} or {@code 1.26.1}. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** The loopback port to listen on; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The admin's name; with a state directory that already has an admin, it must be that one. */
        public Builder adminUser(String adminUser) {
            this.adminUser = adminUser;
            return this;
        }

        /**
         * Keeps the state in {@code directory} (created if missing) and starts from what a previous
         * simulator left there. One simulator at a time may use a directory; a second one is
         * refused with {@link IllegalStateException}, as is a directory last used by a newer
         * release.
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        /**
         * Keeps the bare repositories under {@code directory} ({@code <owner>/<repo>.git}, as Gitea's
         * {@code [repository] ROOT}) instead of the state directory's {@code git}; needs a state directory.
         */
        public Builder repositoryRoot(Path directory) {
            this.repositoryRoot = directory;
            return this;
        }

        /**
         * No built-in admin and no {@link #adminToken()}: accounts exist only once made through
         * {@link #administration()} (the Gitea command line of a stand-in), as in a fresh Gitea.
         */
        public Builder accountsFromCommandLine() {
            this.accountsFromCommandLine = true;
            return this;
        }

        /** The address to listen on (Gitea's {@code HTTP_ADDR}); loopback unless told. */
        public Builder listenAddress(InetAddress address) {
            this.listenAddress = address;
            return this;
        }

        /** The URL the simulator says it is at (Gitea's {@code ROOT_URL}), in links and clone URLs. */
        public Builder rootUrl(String url) {
            this.rootUrl = url;
            return this;
        }

        public GiteaSimulator start() {
            SimulatedVersion.of(version);
            if (repositoryRoot != null && stateDirectory == null) {
                throw new IllegalArgumentException("a repository root needs a state directory");
            }
            try {
                return new GiteaSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("the Gitea simulator could not listen on port " + port, e);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT} ({@code https://} with {@link Builder#tls()}), Gitea's ROOT_URL without the trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The server certificate, when it serves HTTPS. */
    public Optional<SelfSignedCertificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** The Gitea release simulated. */
    public String version() {
        return version.text;
    }

    public String adminUser() {
        return state.adminUser;
    }

    /**
     * The admin's password (random per start, or generated once and kept in the state directory);
     * it can mint tokens through the tokens API.
     */
    public String adminPassword() {
        return state.adminPassword;
    }

    /** An access token of the admin with scope {@code all}, minted at start. */
    public String adminToken() {
        if (adminToken == null) {
            throw new IllegalStateException("this Gitea simulator has no built-in admin: its accounts come from"
                    + " the command line");
        }
        return adminToken;
    }

    /** What Gitea's command line does to this running simulator's accounts, tokens and runners. */
    public GiteaAdministration administration() {
        return new GiteaAdministration(state, version, false);
    }

    /** The port the simulator listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The bare git repository behind {@code owner/name}. */
    public Optional<Repository> gitRepository(String owner, String name) {
        synchronized (state) {
            return state.repository(owner, name).map(r -> r.git);
        }
    }

    public Optional<SimulatedRepository> repository(String owner, String name) {
        synchronized (state) {
            return state.repository(owner, name).map(GiteaState.Repo::view);
        }
    }

    public Set<String> organizations() {
        synchronized (state) {
            Set<String> names = new TreeSet<>();
            state.organizations.values().forEach(o -> names.add(o.name));
            return names;
        }
    }

    /** An organisation's Actions secrets, names (upper case) to values. */
    public Map<String, String> secrets(String organization) {
        synchronized (state) {
            return state.organization(organization).map(o -> Map.copyOf(o.secrets)).orElse(Map.of());
        }
    }

    /** A repository's Actions secrets, names (upper case) to values. */
    public Map<String, String> secrets(String owner, String repository) {
        synchronized (state) {
            return state.repository(owner, repository).map(r -> Map.copyOf(r.secrets)).orElse(Map.of());
        }
    }

    /** An organisation's Actions variables, names (upper case) to values. */
    public Map<String, String> variables(String organization) {
        synchronized (state) {
            return state.organization(organization).map(o -> Map.copyOf(o.variables)).orElse(Map.of());
        }
    }

    /** A repository's Actions variables, names (upper case) to values. */
    public Map<String, String> variables(String owner, String repository) {
        synchronized (state) {
            return state.repository(owner, repository).map(r -> Map.copyOf(r.variables)).orElse(Map.of());
        }
    }

    /** The runs of a repository, oldest first. */
    public List<SimulatedRun> runs(String owner, String repository) {
        synchronized (state) {
            return state.runs.stream().filter(r -> r.owner().equalsIgnoreCase(owner)
                    && r.repository().equalsIgnoreCase(repository)).toList();
        }
    }

    /**
     * Stands in for a runner: moves a run to {@code status} ({@code queued}, {@code in_progress},
     * {@code completed}) with a {@code conclusion} ({@code success}, {@code failure}, ...) or null.
     */
    public SimulatedRun setRunStatus(long runId, String status, String conclusion) {
        synchronized (state) {
            SimulatedRun run = state.run(runId)
                    .orElseThrow(() -> new IllegalArgumentException("no run " + runId))
                    .withStatus(status, Optional.ofNullable(conclusion));
            state.replaceRun(run);
            state.save();
            return run;
        }
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
        synchronized (state) {
            state.close();
        }
    }

    /** An API body over {@link #MAX_API_BODY_BYTES} is answered 413, as Gitea's reverse proxies usually do. */
    private static byte[] apiBody(ClassicHttpRequest request) throws IOException {
        try {
            return RequestBodies.read(request.getEntity(), MAX_API_BODY_BYTES);
        } catch (RequestBodies.TooLarge e) {
            throw new ApiException(413, e.getMessage());
        }
    }

    private void handle(ClassicHttpRequest request, ClassicHttpResponse response,
            org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
        String uri = request.getRequestUri();
        record(request, uri);
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : uri.substring(q + 1));
        Header authorization = request.getFirstHeader("Authorization");
        if (path.startsWith("/api/v1/")) {
            RestApi.Answer answer = api.handle(request.getMethod().toUpperCase(Locale.ROOT),
                    path.substring("/api/v1".length()), query, () -> apiBody(request),
                    authorization == null ? null : authorization.getValue());
            response.setCode(answer.status());
            answer.headers().forEach(response::setHeader);
            if (answer.body() != null) {
                response.setEntity(new ByteArrayEntity(new ObjectMapper().writeValueAsBytes(answer.body()),
                        ContentType.APPLICATION_JSON));
            }
            return;
        }
        if (path.startsWith("/api/actions/") && request.getMethod().equalsIgnoreCase("POST")) {
            byte[] body;
            try {
                body = RequestBodies.read(request.getEntity(), MAX_API_BODY_BYTES);
            } catch (RequestBodies.TooLarge e) {
                response.setCode(413);
                response.setEntity(new StringEntity(e.getMessage() + "\n", ContentType.TEXT_PLAIN));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : request.getHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            RunnerService.Reply reply = runners.handle(path.substring("/api/actions/".length()), body, headers);
            response.setCode(reply.status());
            response.setEntity(new ByteArrayEntity(new ObjectMapper().writeValueAsBytes(reply.body()),
                    ContentType.APPLICATION_JSON));
            return;
        }
        if (path.equals("/api/healthz")) {
            response.setCode(200);
            response.setEntity(new StringEntity("{\"status\":\"pass\"}", ContentType.APPLICATION_JSON));
            return;
        }
        Matcher gitPath = GitSmartHttp.PATH.matcher(path);
        if (gitPath.matches()) {
            git.handle(request, response, gitPath, query.get("service"));
            return;
        }
        response.setCode(404);
        response.setEntity(new StringEntity("Not found.\n", ContentType.TEXT_PLAIN));
    }

    private void record(ClassicHttpRequest request, String uri) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : request.getHeaders()) {
            if (!h.getName().equalsIgnoreCase("Authorization") && !h.getName().equalsIgnoreCase("x-runner-token")) {
                headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            }
        }
        requests.add(new RecordedRequest(request.getMethod(), uri, headers));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }
}
