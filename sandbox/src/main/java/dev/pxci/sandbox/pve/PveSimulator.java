package dev.pxci.sandbox.pve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.sandbox.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.hc.core5.http.ExceptionListener;
import org.apache.hc.core5.http.impl.HttpProcessors;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * An in-process Proxmox VE API simulator: HTTPS/1.1 on loopback with a self-signed certificate,
 * the LXC subset of the PVE 9.1 API (validated against the real schema), token and ticket
 * authentication, tasks with UPIDs and logs, config locks, digests, the real error texts in the
 * reason phrase and the body, and deterministic fault injection. Behind the API a
 * {@link ContainerRuntime} keeps containers as records (the default: they run no processes) or makes
 * them real; {@code GET /version} tells clients which (see {@code ClusterReads#version}).
 *
 * <p>Out of the box it looks like a fresh install: node {@code pve}, storages {@code local}
 * (holding {@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}) and {@code local-lvm},
 * bridge {@code vmbr0}, and one API token {@code root@pam!pxci}. With a state directory the
 * cluster, its secrets and its certificate survive restarts. Thread-safe; close it to stop.
 */
public final class PveSimulator implements AutoCloseable {

    /** The file name (without extension) of the certificate and key in the state directory. */
    public static final String CERTIFICATE_NAME = "pve-ssl";

    private final HttpServer server;
    private final List<HttpServer> alsoOn = new ArrayList<>();
    private final ClusterState state;
    private final PveHttpHandler handler;
    private final Access access;
    private final PveFaults faults;
    private final SelfSignedCertificate certificate;
    private final Path stateDirectory;

    private PveSimulator(Builder builder) {
        ObjectMapper mapper = new ObjectMapper();
        ApiSchema schema = ApiSchema.load(mapper);
        this.stateDirectory = builder.stateDirectory;
        StateStore store = stateDirectory == null ? null : new StateStore(stateDirectory, mapper);
        StateStore.StateFile saved = store == null ? null : store.load();
        this.access = saved == null ? freshAccess()
                : new Access(saved.tokenSecret(), saved.rootPassword(), Base64.getDecoder().decode(saved.signingKey()));
        this.certificate = stateDirectory == null ? SelfSignedCertificate.generate()
                : SelfSignedCertificate.loadOrCreate(stateDirectory, CERTIFICATE_NAME);
        ClusterState[] stateRef = new ClusterState[1];
        this.faults = new PveFaults(builder.seed, new PveFaults.LockTarget() {
            @Override
            public void setStuckLock(int vmid, String lock) {
                Objects.requireNonNull(lock, "lock");
                stateRef[0].mutate(() -> requireContainer(stateRef[0], vmid).lock(lock));
            }

            @Override
            public void releaseLock(int vmid) {
                stateRef[0].mutate(() -> requireContainer(stateRef[0], vmid).lock(null));
            }

            @Override
            public void expireTickets() {
                stateRef[0].mutate(access::expireTickets);
            }
        });
        this.state = new ClusterState(builder.nodes, builder.seed, builder.durations, faults, store, access,
                builder.runtime);
        stateRef[0] = state;
        if (saved != null) {
            state.restore(saved);
        }
        state.mutate(() -> {
            // writes the state file at once, so the secrets are kept even before the first change
        });
        ContainerConfigs configs = new ContainerConfigs(state, schema.parameters("POST", "/nodes/{node}/lxc"));
        Backups backups = new Backups(state, configs);
        PveRoutes routes = new PveRoutes(new ClusterReads(state, certificate.fingerprintSha256()),
                new LxcReads(state, schema.parameters("PUT", "/nodes/{node}/lxc/{vmid}/config")),
                new LxcOperations(state, configs, backups), new LxcCopies(state, configs), new LxcVolumeMoves(state, configs),
                new TemplateDownloads(state), backups, access);
        this.handler = new PveHttpHandler(schema, routes, access, faults, builder.latency, this::stats, mapper);
        this.server = listener(InetAddress.getLoopbackAddress(), builder.port);
        try {
            server.start();
        } catch (IOException e) {
            state.close();
            throw new UncheckedIOException("cannot start the PVE sandbox on 127.0.0.1:" + builder.port, e);
        }
        for (InetAddress address : builder.alsoOn) {
            HttpServer extra = listener(address, server.getLocalPort());
            try {
                extra.start();
                alsoOn.add(extra);
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot serve the PVE sandbox on " + address.getHostAddress() + ":"
                        + server.getLocalPort() + " too", e);
            }
        }
    }

    /** An HTTPS listener on one address serving the API. */
    private HttpServer listener(InetAddress address, int port) {
        return ServerBootstrap.bootstrap()
                .setLocalAddress(address)
                .setListenerPort(port)
                .setSslContext(certificate.serverContext())
                .setSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.ofMinutes(5))
                        .setTcpNoDelay(true)
                        .setSoReuseAddress(true)
                        .setBacklogSize(512)
                        .build())
                .setHttpProcessor(HttpProcessors.server("pve-api-daemon/3.0"))
                .setExceptionListener(ExceptionListener.NO_OP)
                .setRequestRouter((request, context) -> (HttpRequestHandler) handler)
                .create();
    }

    private static Container requireContainer(ClusterState state, int vmid) {
        Container container = state.containers().get(vmid);
        if (container == null) {
            throw new IllegalArgumentException("the sandbox has no container " + vmid);
        }
        return container;
    }

    private static Access freshAccess() {
        SecureRandom random = new SecureRandom();
        byte[] password = new byte[18];
        random.nextBytes(password);
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new Access(UUID.randomUUID().toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(password),
                key);
    }

    private Map<String, Object> stats() {
        return state.read(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("containers", state.containers().size());
            out.put("tasks", state.tasks().size());
            out.put("runningTasks", state.tasks().values().stream().filter(task -> !task.finished()).count());
            return out;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code https://127.0.0.1:PORT}, without a path; the API lives under {@code /api2/json}. */
    public String baseUrl() {
        return "https://127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The cluster's node names, the local one first (a saved cluster keeps the nodes it had). */
    public List<String> nodes() {
        return state.read(() -> List.copyOf(state.nodes()));
    }

    /** The API token's id, {@code root@pam!pxci}. */
    public String tokenId() {
        return access.tokenId();
    }

    /** The API token's secret (a UUID, as PVE issues them). A secret: do not log it. */
    public String tokenSecret() {
        return access.tokenSecret();
    }

    /** The password of {@code root@pam} for {@code POST /access/ticket}. A secret: do not log it. */
    public String rootPassword() {
        return access.rootPassword();
    }

    /** SHA-256 fingerprint of the server certificate, colon-separated upper-case hex as PVE shows it. */
    public String fingerprint() {
        return certificate.fingerprintSha256();
    }

    /** The server certificate in PEM form, to be trusted as a CA bundle by real clients. */
    public String certificatePem() {
        return certificate.pem();
    }

    /** The server certificate, for building a client TLS context that trusts exactly it. */
    public SelfSignedCertificate certificate() {
        return certificate;
    }

    /** The PEM file in the state directory, when there is one. */
    public Optional<Path> certificateFile() {
        return Optional.ofNullable(stateDirectory).map(dir -> dir.resolve(CERTIFICATE_NAME + ".pem"));
    }

    /** API requests ({@code /api2/json} only) served so far, by HTTP method. */
    public Map<String, Long> requestCounts() {
        return handler.requestCounts();
    }

    public void resetCounts() {
        handler.resetCounts();
    }

    public PveFaults faults() {
        return faults;
    }

    /** Stops serving; tasks still running are completed at once and the state is saved. */
    @Override
    public void close() {
        alsoOn.forEach(extra -> extra.close(CloseMode.IMMEDIATE));
        server.close(CloseMode.IMMEDIATE);
        state.close();
    }

    /** Configures and starts a {@link PveSimulator}. */
    public static final class Builder {
        private Path stateDirectory;
        private int port;
        private Duration latency = Duration.ZERO;
        private TaskDurations durations = TaskDurations.defaults();
        private List<String> nodes = List.of("pve");
        private long seed;
        private ContainerRuntime runtime = ContainerRuntime.recordOnly();
        private final List<InetAddress> alsoOn = new ArrayList<>();

        private Builder() {
        }

        /** What makes the containers real; default {@link ContainerRuntime#recordOnly()}. Closed with the simulator. */
        public Builder runtime(ContainerRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /** Keep the cluster in this directory (created if needed) and reload it on start; default: memory only. */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Serves the API on this address too, on the same port as on loopback (the LXC sandbox's
         * bridge address, so its containers reach it); default loopback only.
         */
        public Builder alsoListenOn(InetAddress address) {
            alsoOn.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** The loopback port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
            this.port = port;
            return this;
        }

        /** Added to every API request; default none. */
        public Builder latency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency cannot be negative");
            }
            this.latency = latency;
            return this;
        }

        public Builder taskDurations(TaskDurations durations) {
            this.durations = Objects.requireNonNull(durations, "durations");
            return this;
        }

        /** Node names of the cluster, first is the local one; default {@code pve}. */
        public Builder nodes(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            List<String> list = new ArrayList<>();
            for (String name : names) {
                if (!name.matches("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?") || list.contains(name)) {
                    throw new IllegalArgumentException("not a valid, distinct node name: '" + name + "'");
                }
                list.add(name);
            }
            this.nodes = List.copyOf(list);
            return this;
        }

        /** Seeds MAC addresses, task ids and probabilistic faults; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public PveSimulator start() {
            return new PveSimulator(this);
        }
    }
}
