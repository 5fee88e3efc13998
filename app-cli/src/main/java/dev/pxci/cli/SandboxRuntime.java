package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.sandbox.gitea.GiteaSimulator;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded sandbox of one CLI process: the Proxmox VE simulator (state kept under
 * {@code <state>/pve}) and the Gitea simulator standing in for the Gitea inside every container
 * (state under {@code <state>/gitea}), with the adapters' settings pointed at them, TLS pinned to
 * the simulator's certificate.
 */
final class SandboxRuntime implements AutoCloseable {
    /** Where the sandbox keeps its cluster unless {@code --state} says otherwise. */
    static final Path DEFAULT_STATE = Path.of(".pxci", "sandbox");
    private final PveSimulator pve;
    private final GiteaSimulator gitea;

    private SandboxRuntime(PveSimulator pve, GiteaSimulator gitea) {
        this.pve = pve;
        this.gitea = gitea;
    }

    /** The most nodes {@code --sandbox-nodes} simulates. */
    static final int MAX_NODES = 32;

    /**
     * Starts the simulators on {@code state}, the Proxmox VE cluster with {@code nodes} nodes
     * ({@code pve}, {@code pve2}, ...; nodes a saved cluster had stay). With port 0 the API comes back
     * on the port it had last time when that port is free, so the cluster keeps one URL across runs
     * as a real one does.
     */
    static SandboxRuntime start(Path state, int port, int nodes) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "--sandbox-nodes " + nodes + " is not accepted",
                    "give a number of nodes from 1 to " + MAX_NODES);
        }
        String[] names = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            names[i] = i == 0 ? "pve" : "pve" + (i + 1);
        }
        Path portFile = state.resolve("port");
        PveSimulator pve = port != 0 ? pveOn(state, names).port(port).start() : startOnRememberedPort(state, portFile, names);
        rememberPort(portFile, pve.port());
        try {
            GiteaSimulator gitea = GiteaSimulator.builder().stateDirectory(state.resolve("gitea")).start();
            return new SandboxRuntime(pve, gitea);
        } catch (RuntimeException e) {
            pve.close();
            throw e;
        }
    }

    private static PveSimulator.Builder pveOn(Path state, String[] nodes) {
        return PveSimulator.builder().stateDirectory(state.resolve("pve")).nodes(nodes);
    }

    private static PveSimulator startOnRememberedPort(Path state, Path portFile, String[] nodes) {
        try {
            if (Files.exists(portFile)) {
                int last = Integer.parseInt(Files.readString(portFile).strip());
                return pveOn(state, nodes).port(last).start();
            }
        } catch (IOException | NumberFormatException | java.io.UncheckedIOException e) {
            // the port is taken or the file unreadable: take any free port
        }
        return pveOn(state, nodes).port(0).start();
    }

    private static void rememberPort(Path portFile, int port) {
        try {
            Files.writeString(portFile, port + "\n");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write " + portFile + ": " + e.getMessage());
        }
    }

    /** Forgets the simulated cluster: deletes the state directory. */
    static void reset(Path state) {
        if (!Files.exists(state)) {
            return;
        }
        try (Stream<Path> all = Files.walk(state)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot reset the sandbox state " + state + ": " + e.getMessage());
        }
    }

    /** Points the {@code proxmox} and {@code gitea} adapters at the simulators. */
    void applyTo(AdapterSettings settings) {
        settings.override("proxmox.url", pve.baseUrl())
                .override("proxmox.user", user())
                .override("proxmox.token", pve.tokenId())
                .overrideSecret("proxmox.secret", Secret.of(pve.tokenSecret()))
                .override("proxmox.fingerprint", pve.fingerprint())
                .override("gitea.url", gitea.baseUrl())
                .overrideSecret("gitea.token", Secret.of(gitea.adminToken()));
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
        return gitea.baseUrl();
    }

    /** The Gitea admin's name and the API token minted for it at this start. */
    String giteaAdmin() {
        return gitea.adminUser() + ", token " + gitea.adminToken();
    }

    @Override
    public void close() {
        try {
            gitea.close();
        } finally {
            pve.close();
        }
    }
}
