package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.ConfigKey;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.lxc.LxcRuntime;
import dev.pxci.sandbox.standin.StandinKit;
import dev.pxci.sandbox.lxc.Prerequisites;
import dev.pxci.sandbox.lxc.SandboxNetwork;
import dev.pxci.sandbox.pve.ContainerRuntime;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded sandbox of one CLI process: the Proxmox VE simulator (state kept under
 * {@code <state>/pve}) and, with the {@code sim} runtime, the Gitea simulator standing in for the
 * Gitea inside every container (state under {@code <state>/gitea}), with the adapters' settings
 * pointed at them, TLS pinned to the simulator's certificate. With the {@code lxc} runtime the
 * containers are real ({@code <state>/lxc}, {@code <state>/volumes}), each runs its own Gitea at
 * {@code http://IP:3000}, and SSH checks their host keys against the known_hosts the runtime writes.
 */
final class SandboxRuntime implements AutoCloseable {
    /** Where the sandbox keeps its cluster unless {@code --state} says otherwise. */
    static final Path DEFAULT_STATE = Path.of(".pxci", "sandbox");
    private static final int MAX_PORT = 65535;
    private static final ConfigKey PRIVATE_KEY = ConfigKey.plain("ssh.private-key", "");
    private static final ConfigKey GITEA_USER = ConfigKey.plain("gitea.user", "");
    /** The launcher of this pxci in the stand-in kit, for the jobs of the replicated pipeline. */
    private static final String PXCI_LAUNCHER = "pxci";
    private final SandboxStateLock lock;
    private final PveSimulator pve;
    private final Optional<GiteaSimulator> gitea;
    private final Optional<LxcRuntime> lxc;
    private final Path state;

    private SandboxRuntime(SandboxStateLock lock, PveSimulator pve, Optional<GiteaSimulator> gitea, Optional<LxcRuntime> lxc,
            Path state) {
        this.lock = lock;
        this.pve = pve;
        this.gitea = gitea;
        this.lxc = lxc;
        this.state = state;
    }

    /**
     * Refuses, before anything changes, what the {@code lxc} runtime cannot do: a host without
     * root or the packages it needs. Nothing to check for {@code sim}.
     */
    static void checkHost(SandboxKind kind) {
        if (kind == SandboxKind.lxc) {
            Prerequisites.missing().ifPresent(missing -> {
                throw new PxciException(ErrorCode.INVALID_INPUT, missing);
            });
        }
    }

    /** The most nodes {@code --sandbox-nodes} simulates. */
    static final int MAX_NODES = 32;

    /**
     * Starts the simulators on {@code state}, the Proxmox VE cluster with {@code nodes} nodes
     * ({@code pve}, {@code pve2}, ...; nodes a saved cluster had stay). With port 0 the API comes back
     * on the port it had last time when that port is free, so the cluster keeps one URL across runs
     * as a real one does.
     */
    static SandboxRuntime start(Path state, int port, SandboxKind kind, int nodes, Consumer<String> progress) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--sandbox-nodes " + nodes + " is not accepted",
                    "give a number of nodes from 1 to " + MAX_NODES);
        }
        String[] names = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            names[i] = i == 0 ? "pve" : "pve" + (i + 1);
        }
        if (port < 0 || port > MAX_PORT) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--port must be 0 to " + MAX_PORT + ", was " + port,
                    "give a TCP port, or 0 for any free one");
        }
        if (Files.exists(state) && !Files.isDirectory(state)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the sandbox state " + state + " is not a directory",
                    "give --state a directory; it is created when missing");
        }
        checkHost(kind);
        SandboxStateLock lock = SandboxStateLock.take(state);
        try {
            return start(lock, state, port, kind, names, progress);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static SandboxRuntime start(SandboxStateLock lock, Path state, int port, SandboxKind kind, String[] names,
            Consumer<String> progress) {
        Optional<LxcRuntime> lxc = Optional.empty();
        if (kind == SandboxKind.lxc) {
            try {
                // No registry serves Gitea or act_runner: the containers get the stand-ins built from the Gitea simulator.
                Path kit = StandinKit.assemble(state.resolve("standin"));
                // and pxci itself, so the pipeline replicated into a container runs this very pxci
                StandinKit.addLauncher(kit, PXCI_LAUNCHER, "this pxci", Main.class.getName(),
                        "-Xmx256m -XX:MaxMetaspaceSize=192m");
                lxc = Optional.of(LxcRuntime.open(state, Optional.of(kit), line -> progress.accept("pxci: " + line)));
            } catch (ContainerRuntime.Failure e) {
                throw new PxciException(ErrorCode.FAILED, "cannot prepare the LXC sandbox: " + e.getMessage());
            }
        }
        ContainerRuntime runtime = lxc.<ContainerRuntime>map(r -> r).orElse(ContainerRuntime.recordOnly());
        Path portFile = state.resolve("port");
        PveSimulator pve = port != 0 ? builder(state, runtime, names).port(port).start()
                : startOnRememberedPort(state, portFile, runtime, names);
        rememberPort(portFile, pve.port());
        try {
            Optional<GiteaSimulator> gitea = kind == SandboxKind.lxc ? Optional.empty()
                    : Optional.of(GiteaSimulator.builder().stateDirectory(state.resolve("gitea")).start());
            return new SandboxRuntime(lock, pve, gitea, lxc, state);
        } catch (RuntimeException e) {
            pve.close();
            throw e;
        }
    }

    private static PveSimulator.Builder builder(Path state, ContainerRuntime runtime, String[] nodes) {
        PveSimulator.Builder builder = PveSimulator.builder().stateDirectory(state.resolve("pve")).runtime(runtime).nodes(nodes);
        if (runtime instanceof LxcRuntime lxc) {
            builder.alsoListenOn(lxc.hostAddress());
        }
        return builder;
    }

    private static PveSimulator startOnRememberedPort(Path state, Path portFile, ContainerRuntime runtime,
                                                      String[] nodes) {
        try {
            if (Files.exists(portFile)) {
                int last = Integer.parseInt(Files.readString(portFile).strip());
                return builder(state, runtime, nodes).port(last).start();
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            // the port is taken or the file unreadable: take any free port
        }
        return builder(state, runtime, nodes).port(0).start();
    }

    private static void rememberPort(Path portFile, int port) {
        try {
            Files.writeString(portFile, port + "\n");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write " + portFile + ": " + e.getMessage());
        }
    }

    /**
     * Forgets the simulated cluster: removes the real containers it keeps (with their volumes, and
     * the bridge when nothing else uses it), then deletes the state directory; refused while another
     * process holds it.
     */
    static void reset(Path state, SandboxKind kind) {
        if (!Files.exists(state)) {
            return;
        }
        if (Files.isDirectory(state.resolve("lxc"))) {
            checkHost(SandboxKind.lxc);
        }
        SandboxStateLock lock = SandboxStateLock.take(state);
        try {
            removeAll(state);
        } finally {
            lock.close();
        }
    }

    private static void removeAll(Path state) {
        try {
            LxcRuntime.removeAll(state);
        } catch (ContainerRuntime.Failure e) {
            throw new PxciException(ErrorCode.FAILED, "cannot remove the sandbox's LXC containers: " + e.getMessage());
        }
        try (Stream<Path> all = Files.walk(state)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot reset the sandbox state " + state + ": " + e.getMessage());
        }
    }

    /**
     * Refuses (before anything changes) a declared address the LXC sandbox cannot give, naming the
     * file, the key and the subnet. The {@code sim} runtime takes any.
     */
    static void checkAddresses(SandboxKind kind, List<dev.pxci.domain.config.ContainerDeclaration> containers) {
        if (kind != SandboxKind.lxc) {
            return;
        }
        for (var container : containers) {
            String ip = container.address().orElse("dhcp");
            SandboxNetwork.refusal(ip).ifPresent(reason -> {
                throw new PxciException(ErrorCode.INVALID_INPUT, container.source() + lineOf(container.source(), "IP")
                        + ": IP: " + reason);
            });
        }
    }

    /** {@code :N} for the line of {@code KEY=} in the file, when it can be read; else nothing. */
    private static String lineOf(String source, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(source));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith(key + "=")) {
                    return ":" + (i + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the file name alone still says where
        }
        return "";
    }

    /** Points the {@code proxmox} adapter (and the {@code gitea} one, or SSH for real containers) at the sandbox. */
    void applyTo(AdapterSettings settings) {
        settings.override("proxmox.url", pve.baseUrl())
                .override("proxmox.user", user())
                .override("proxmox.token", pve.tokenId())
                .overrideSecret("proxmox.secret", Secret.of(pve.tokenSecret()))
                .override("proxmox.fingerprint", pve.fingerprint());
        gitea.ifPresent(g -> settings.override("gitea.url", g.baseUrl())
                .overrideSecret("gitea.token", Secret.of(g.adminToken())));
        lxc.ifPresent(runtime -> {
            settings.override("ssh.known-hosts", runtime.knownHosts().toString());
            applyStandinsTo(settings);
            if (settings.value(PRIVATE_KEY).isEmpty() && settings.value(HostKeys.CI_PUBLIC_KEY).isEmpty()) {
                Path key = ciKey();
                settings.override("ssh.private-key", key.toString()).override("ssh.public-key", key + ".pub");
            }
            // the Ansible configurator reaches the same containers with the same key, checked against the same host keys
            settings.override("ansible.known-hosts", runtime.knownHosts().toString());
            settings.value(PRIVATE_KEY).ifPresent(key -> settings.override("ansible.ssh-private-key", key));
        });
    }

    /**
     * What the in-container stages need in the LXC sandbox unless the user gives it: the stand-ins in
     * place of the Gitea and act_runner binaries, a Gitea admin and a share password made once for
     * this sandbox (kept 0600 under its state), and no JDK or Maven for the runner host; and, as the
     * stand-in runner executes no jobs, replicate does not follow the run it triggers.
     */
    private void applyStandinsTo(AdapterSettings settings) {
        String standinRunner = StandinKit.MOUNT_POINT + "/bin/act_runner";
        settings.defaultAttribute("config.gitea.file", StandinKit.MOUNT_POINT + "/bin/gitea")
                .defaultAttribute("config.runner.file", standinRunner)
                .defaultAttribute("config.pxci.file", StandinKit.MOUNT_POINT + "/bin/" + PXCI_LAUNCHER)
                .defaultAttribute("config.packages", "git,ca-certificates");
        if (settings.value(HostKeys.REPLICATED_PROXMOX_URL).isEmpty()) {
            // the containers reach this API on the bridge, not on the loopback address pxci uses
            settings.override(HostKeys.REPLICATED_PROXMOX_URL.name(), containersApiUrl());
        }
        if (standinRunner.equals(settings.plainAttributes().get("config.runner.file")) && settings.value(HostKeys.FOLLOW).isEmpty()) {
            settings.override(HostKeys.FOLLOW.name(), "no"); // a run that no runner executes would be followed for nothing
        }
        if (settings.value(GITEA_USER).isEmpty() && settings.secret("gitea.password").isEmpty()
                && settings.secret("gitea.token").isEmpty()) {
            settings.override("gitea.user", "pxci").overrideSecret("gitea.password", madeSecret("gitea-admin.secret"));
        }
        if (settings.secret(HostKeys.SHARE_PASSWORD.name()).isEmpty()) {
            settings.overrideSecret(HostKeys.SHARE_PASSWORD.name(), madeSecret("share.secret"));
        }
    }

    /** A random secret made once and kept, readable by its owner only, under the state directory. */
    private Secret madeSecret(String file) {
        Path path = state.toAbsolutePath().resolve(file);
        try {
            if (!Files.exists(path)) {
                byte[] random = new byte[18];
                new java.security.SecureRandom().nextBytes(random);
                Files.writeString(Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))),
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            }
            return Secret.of(Files.readString(path).strip());
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot keep the sandbox's secret " + path + ": " + e.getMessage());
        }
    }

    /** The CI key the LXC sandbox authorises when none is configured: made once under the state directory. */
    private Path ciKey() {
        Path key = state.toAbsolutePath().resolve("ci_ed25519");
        if (Files.exists(key)) {
            return key;
        }
        try {
            Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pxci-sandbox-ci",
                    "-f", key.toString()).redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new PxciException(ErrorCode.FAILED, "ssh-keygen could not make the sandbox's CI key " + key);
            }
            return key;
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot make the sandbox's CI key " + key + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while making the sandbox's CI key");
        }
    }

    /** The API as the containers reach it: on the bridge's host address. */
    private String containersApiUrl() {
        return pve.baseUrl().replace("127.0.0.1", SandboxNetwork.HOST_ADDRESS);
    }

    private String user() {
        return pve.tokenId().substring(0, pve.tokenId().indexOf('!'));
    }

    /** The simulated cluster's node names. */
    java.util.List<String> nodes() {
        return pve.nodes();
    }

    String apiUrl() {
        return pve.baseUrl() + "/api2/json";
    }

    /** The API token in Proxmox's own {@code USER@REALM!TOKENID=SECRET} form. */
    String token() {
        return pve.tokenId() + "=" + pve.tokenSecret();
    }

    String fingerprint() {
        return pve.fingerprint();
    }

    String giteaUrl() {
        return gitea.map(GiteaSimulator::baseUrl).orElse("the one in each container, http://IP:3000");
    }

    /** The Gitea admin's name and the API token minted for it at this start (the Gitea simulator only). */
    Optional<String> giteaAdmin() {
        return gitea.map(g -> g.adminUser() + ", token " + g.adminToken());
    }

    /** Where the real containers are, for the {@code sandbox} command's banner; empty with {@code sim}. */
    List<String> lxcDescription() {
        return lxc.map(runtime -> List.of(
                "From containers " + containersApiUrl() + "/api2/json",
                "Containers      real LXC: lxc-info -P " + runtime.lxcPath() + " -n VMID",
                "Network         " + SandboxNetwork.SUBNET + " on bridge " + SandboxNetwork.BRIDGE + ", host "
                        + SandboxNetwork.HOST_ADDRESS + " (no uplink)",
                "SSH known_hosts " + runtime.knownHosts())).orElse(List.of());
    }

    @Override
    public void close() {
        try {
            gitea.ifPresent(GiteaSimulator::close);
        } finally {
            try {
                pve.close();
            } finally {
                lock.close();
            }
        }
    }
}
