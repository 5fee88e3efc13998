package dev.pxci.it.lxc;

import dev.pxci.adapter.shell.SshKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away real LXC container for tests of what happens inside one: Debian 12 (minbase with
 * systemd, OpenSSH, sudo and Python, built once with mmdebstrap and cached in
 * {@code ~/.cache/pxci/test-rootfs}), booted from an overlay of that tree, on the isolated bridge
 * {@code pxcidev0} (10.98.0.1/24: no uplink, no NAT, no forwarding). Its apt reaches Debian only
 * through an apt-cacher-ng bound to the bridge address that forwards to deb.debian.org alone.
 * Each container gets its own machine-id and SSH host keys, root is reachable with a fresh CI
 * key, and {@link #knownHosts()} holds its host key (read from the tree, never learned over the
 * network). {@link #close()} removes the container, and the bridge and the cache process when it
 * made them. Not the product's LXC runtime: a fixture until the sandbox provides containers.
 */
public final class LxcTestContainer implements AutoCloseable {
    public static final String BRIDGE = "pxcidev0";
    public static final String BRIDGE_ADDRESS = "10.98.0.1";
    private static final int CACHE_PORT = 3142;
    private static final Path ROOTFS = Path.of(System.getProperty("user.home"), ".cache", "pxci", "test-rootfs", "bookworm");
    private static final Path APT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "pxci", "test-apt-cache");
    private static final List<String> PACKAGES = List.of("systemd-sysv", "openssh-server", "sudo", "python3",
            "ca-certificates", "iproute2");

    private final String name;
    private final String address;
    private final Path dir;
    private final Path ciKey;
    private final Path knownHosts;
    private final boolean madeBridge;
    private final Optional<Process> cache;

    private LxcTestContainer(String name, String address, Path dir, Path ciKey, Path knownHosts, boolean madeBridge,
                             Optional<Process> cache) {
        this.name = name;
        this.address = address;
        this.dir = dir;
        this.ciKey = ciKey;
        this.knownHosts = knownHosts;
        this.madeBridge = madeBridge;
        this.cache = cache;
    }

    /** Why such a container cannot be made here, or empty when it can. */
    public static Optional<String> missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("real LXC containers need root");
        }
        for (String[] tool : new String[][] {{"lxc-start", "lxc"}, {"mmdebstrap", "mmdebstrap"},
                {"apt-cacher-ng", "apt-cacher-ng"}, {"ssh-keygen", "openssh-client"}}) {
            if (Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").noneMatch(d -> Files.isExecutable(Path.of(d, tool[0])))) {
                return Optional.of(tool[0] + " is missing: apt-get install " + tool[1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts container {@code name} at {@code address} (inside 10.98.0.0/24) and waits until its
     * SSH server answers. {@code files} are copied into it first: pairs of a local file and the
     * absolute path in the container (made executable).
     */
    public static LxcTestContainer start(String name, String address, Path workDir, List<Path[]> files) throws IOException {
        ensureRootfs();
        boolean madeBridge = ensureBridge();
        Optional<Process> cache = ensureAptCache(workDir);
        Path dir = workDir.resolve("lxc").toAbsolutePath();
        Path delta = Files.createDirectories(dir.resolve(name).resolve("delta"));
        Path ciKey = SshKeys.generate(workDir, "ci", "ed25519", "");
        write(delta, "etc/machine-id", java.util.UUID.randomUUID().toString().replace("-", "") + "\n");
        write(delta, "etc/hostname", name + "\n");
        write(delta, "etc/hosts", "127.0.0.1 localhost\n127.0.1.1 " + name + "\n");
        String mirror = "http://" + BRIDGE_ADDRESS + ":" + CACHE_PORT;
        write(delta, "etc/apt/sources.list", "deb " + mirror + "/debian bookworm main\ndeb " + mirror
                + "/debian bookworm-updates main\ndeb " + mirror + "/debian-security bookworm-security main\n");
        Files.createDirectories(delta.resolve("root/.ssh"));
        write(delta, "root/.ssh/authorized_keys", SshKeys.publicKeyLine(ciKey) + "\n");
        Files.createDirectories(delta.resolve("etc/ssh"));
        run(Duration.ofSeconds(60), "ssh-keygen", "-q", "-A", "-f", delta.toString());
        Path knownHosts = workDir.resolve("known_hosts");
        StringBuilder hostKeys = new StringBuilder();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            hostKeys.append(address).append(' ')
                    .append(Files.readString(delta.resolve("etc/ssh/ssh_host_" + type + "_key.pub")).strip()).append('\n');
        }
        Files.writeString(knownHosts, hostKeys.toString());
        for (Path[] file : files) {
            Path target = delta.resolve(file[1].toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(file[0], target);
            target.toFile().setExecutable(true, false);
        }
        String mac = String.format("02:98:00:00:00:%02x", Integer.parseInt(address.substring(address.lastIndexOf('.') + 1)));
        Files.writeString(dir.resolve(name).resolve("config"), String.join("\n",
                "lxc.uts.name = " + name,
                "lxc.rootfs.path = overlay:" + ROOTFS + ":" + delta,
                "lxc.include = /usr/share/lxc/config/common.conf",
                "lxc.apparmor.profile = unconfined",
                "lxc.net.0.type = veth",
                "lxc.net.0.link = " + BRIDGE,
                "lxc.net.0.flags = up",
                "lxc.net.0.hwaddr = " + mac,
                "lxc.net.0.ipv4.address = " + address + "/24", ""));
        LxcTestContainer container = new LxcTestContainer(name, address, dir, ciKey, knownHosts, madeBridge, cache);
        try {
            run(Duration.ofSeconds(60), "lxc-start", "-n", name, "-P", dir.toString());
            container.awaitSsh(Duration.ofSeconds(60));
            return container;
        } catch (RuntimeException | IOException e) {
            container.close();
            throw e;
        }
    }

    public String address() {
        return address;
    }

    /** The CI private key root's authorized_keys holds. */
    public Path ciKey() {
        return ciKey;
    }

    /** A known_hosts file with the container's host key. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** Runs a command inside the container as root (lxc-attach, not SSH) and returns its output; fails on a non-zero exit. */
    public String attach(String... command) {
        List<String> argv = new ArrayList<>(List.of("lxc-attach", "-n", name, "-P", dir.toString(), "--"));
        argv.addAll(List.of(command));
        return run(Duration.ofMinutes(2), argv.toArray(String[]::new));
    }

    private void awaitSsh(Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, 22), 1000);
                byte[] banner = socket.getInputStream().readNBytes(4);
                if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) {
                    return;
                }
            } catch (IOException notYet) {
                // the container is still booting
            }
            sleep(300);
        }
        throw new IOException("the container " + name + " did not answer SSH at " + address + " within " + deadline.toSeconds() + " s");
    }

    @Override
    public void close() {
        quietly("lxc-stop", "-n", name, "-P", dir.toString(), "-k");
        deleteTree(dir);
        cache.ifPresent(p -> {
            p.destroy();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (madeBridge) {
            quietly("ip", "link", "del", BRIDGE);
        }
    }

    private static void ensureRootfs() throws IOException {
        if (Files.isExecutable(ROOTFS.resolve("usr/sbin/sshd"))) {
            return;
        }
        Path partial = ROOTFS.resolveSibling(ROOTFS.getFileName() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial.getParent());
        run(Duration.ofMinutes(15), "mmdebstrap", "--variant=minbase", "--include=" + String.join(",", PACKAGES), "bookworm",
                partial.toString(), "http://deb.debian.org/debian");
        Files.move(partial, ROOTFS);
    }

    private static boolean ensureBridge() {
        if (Files.exists(Path.of("/sys/class/net", BRIDGE))) {
            return false;
        }
        run(Duration.ofSeconds(30), "ip", "link", "add", BRIDGE, "type", "bridge");
        run(Duration.ofSeconds(30), "ip", "addr", "add", BRIDGE_ADDRESS + "/24", "dev", BRIDGE);
        run(Duration.ofSeconds(30), "ip", "link", "set", BRIDGE, "up");
        return true;
    }

    /** An apt-cacher-ng on the bridge address forwarding to deb.debian.org only; an existing one is used. */
    private static Optional<Process> ensureAptCache(Path workDir) throws IOException {
        if (answers(BRIDGE_ADDRESS, CACHE_PORT)) {
            return Optional.empty();
        }
        Path conf = Files.createDirectories(workDir.resolve("apt-cacher-ng"));
        Files.createDirectories(APT_CACHE);
        Files.writeString(conf.resolve("acng.conf"), String.join("\n",
                "CacheDir: " + APT_CACHE,
                "LogDir: " + Files.createDirectories(conf.resolve("log")),
                "SupportDir: /usr/lib/apt-cacher-ng",
                "BindAddress: " + BRIDGE_ADDRESS,
                "Port: " + CACHE_PORT,
                "ForceManaged: 1",
                "Remap-debian: /debian ; http://deb.debian.org/debian",
                "Remap-security: /debian-security ; http://deb.debian.org/debian-security", ""));
        Process process = new ProcessBuilder("apt-cacher-ng", "-c", conf.toString(), "ForeGround=1")
                .redirectErrorStream(true).redirectOutput(conf.resolve("log/stdout").toFile()).start();
        for (int i = 0; i < 50 && !answers(BRIDGE_ADDRESS, CACHE_PORT); i++) {
            sleep(100);
        }
        if (!answers(BRIDGE_ADDRESS, CACHE_PORT)) {
            process.destroy();
            throw new IOException("apt-cacher-ng did not listen on " + BRIDGE_ADDRESS + ":" + CACHE_PORT);
        }
        return Optional.of(process);
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Runs a program to its end within {@code timeout}; fails with its output when it exits non-zero. */
    static String run(Duration timeout, String... argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(5000);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + process.exitValue() + ": " + output);
            }
            return output.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv[0], e);
        }
    }

    private static void quietly(String... argv) {
        try {
            run(Duration.ofSeconds(60), argv);
        } catch (IllegalStateException ignored) {
            // best effort while tearing down
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
