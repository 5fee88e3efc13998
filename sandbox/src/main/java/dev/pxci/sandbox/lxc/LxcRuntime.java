package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import dev.pxci.sandbox.pve.ContainerSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes each container of the Proxmox VE simulator a real LXC container on this host: built from
 * the sandbox's own Debian template (a copy of the unpacked template, a few seconds a create),
 * unprivileged with PVE's id map, limited as declared, on the isolated
 * bridge {@value SandboxNetwork#BRIDGE}, with its share volumes as host directories that move
 * between containers with {@code move_volume}. Containers outlive the process; the state
 * directory holds them ({@code lxc/} is the lxcpath: {@code lxc-info -P DIR/lxc -n VMID}).
 * Needs root and Debian's {@code lxc} (see {@link Prerequisites}).
 */
public final class LxcRuntime implements ContainerRuntime {

    private static final Duration LXC_LIMIT = Duration.ofSeconds(60);
    private static final Duration COPY_LIMIT = Duration.ofMinutes(5);
    private static final Path RUN = Path.of("/run/pxci");
    private static final Path LIB = Path.of("/var/lib/pxci");

    private final Path lxcPath;
    private final Path volumes;
    private final TemplateCache templates;
    private final HostNetwork network;
    private final Optional<Path> kit;
    private final Path javaHome;

    private LxcRuntime(Path state, TemplateCache templates, HostNetwork network, Optional<Path> kit) {
        this.lxcPath = state.resolve("lxc");
        this.volumes = state.resolve("volumes");
        this.templates = templates;
        this.network = network;
        this.kit = kit;
        this.javaHome = Path.of(System.getProperty("java.home"));
    }

    /**
     * Checks the host, then builds the template when the cache lacks it (minutes, once), telling
     * {@code progress} how it goes.
     *
     * @param stateDirectory where the containers and volumes are kept (made absolute: lxc needs that)
     * @param standinKit a directory mounted read-only at {@code /opt/pxci-standin} in every container;
     *     an empty {@code jre/} is made in it, where the running JVM's {@code java.home} is mounted
     * @throws ContainerRuntime.Failure naming what the host lacks
     */
    public static LxcRuntime open(Path stateDirectory, Optional<Path> standinKit, Consumer<String> progress) {
        Prerequisites.missing().ifPresent(missing -> {
            throw new ContainerRuntime.Failure(missing);
        });
        Objects.requireNonNull(progress, "progress");
        IdMap.grant(Path.of("/etc"));
        AptCache aptCache = aptCache();
        TemplateCache templates = new TemplateCache(cacheHome(), LIB,
                aptCache.primaryMirror().orElse("http://deb.debian.org/debian"), progress);
        Path state = stateDirectory.toAbsolutePath().normalize();
        Traversal.require(state);
        templates.base(IdMap.OFFSET);
        LxcRuntime runtime = new LxcRuntime(state, templates, new HostNetwork(RUN, aptCache),
                standinKit.map(p -> p.toAbsolutePath().normalize()));
        try {
            Files.createDirectories(runtime.lxcPath);
        } catch (IOException e) {
            throw new Failure("cannot make " + runtime.lxcPath + ": " + e.getMessage(), e);
        }
        runtime.writeKnownHosts(); // readable from the start: clients check host keys before any container exists
        return runtime;
    }

    private static AptCache aptCache() {
        return new AptCache(RUN.resolve("apt-cacher-ng"), cacheHome().resolve("apt-cacher-ng"),
                AptCache.hostMirrors(Path.of("/etc/apt")));
    }

    /**
     * Stops and removes every container kept in {@code stateDirectory} with its volumes, then the
     * bridge and the apt cache when no other container uses them; nothing when it holds none.
     */
    public static void removeAll(Path stateDirectory) {
        Path state = stateDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(state.resolve("lxc"))) {
            return;
        }
        Prerequisites.missing().ifPresent(missing -> {
            throw new ContainerRuntime.Failure(state.resolve("lxc") + " holds LXC containers to remove, and " + missing);
        });
        new LxcRuntime(state, null, new HostNetwork(RUN, aptCache()), Optional.empty()).removeContainers();
    }

    /** {@code $XDG_CACHE_HOME/pxci}, else {@code ~/.cache/pxci}. */
    static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("pxci");
    }

    /** The lxcpath of this sandbox's containers ({@code lxc-info -P THIS -n VMID}). */
    public Path lxcPath() {
        return lxcPath;
    }

    /** A known_hosts file with every container's SSH host keys, by its declared addresses. */
    public Path knownHosts() {
        return lxcPath.resolve("known_hosts");
    }

    @Override
    public boolean runsProcesses() {
        return true;
    }

    @Override
    public OptionalLong templateBytes(String volid) {
        if (!TemplateCache.VOLUME_ID.equals(volid) || templates == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.size(templates.archive()));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Optional<String> macFor(String ip) {
        return SandboxNetwork.macFor(ip);
    }

    @Override
    public void create(ContainerSpec spec) {
        if (!spec.template().map(TemplateCache.VOLUME_ID::equals).orElse(false)) {
            throw new Failure("the LXC sandbox builds containers only from " + TemplateCache.VOLUME_ID + ", not from "
                    + spec.template().orElse("no template"));
        }
        checkAddresses(spec);
        Path dir = containerDirectory(spec.vmid());
        Path rootfs = volumeDirectory(spec.rootfs().volume());
        int owner = owner(spec);
        try {
            if (Files.exists(dir)) {
                throw new Failure("an LXC container " + spec.vmid() + " already exists in " + lxcPath);
            }
            Files.createDirectories(dir);
            // A full copy of the unpacked template, not an overlay on it: an overlay mounted in the container's user
            // namespace cannot rename directories of its lower layer (EXDEV without redirect_dir, which needs trusted
            // xattrs), and dpkg inside then fails to install packages.
            Files.createDirectories(rootfs);
            Commands.run(COPY_LIMIT, "cp", "-a", "--", templates.base(owner).toString(), rootfs.resolve(LxcConfig.ROOT).toString());
            List<String> hostKeys = new GuestFiles(rootfs.resolve(LxcConfig.ROOT), owner).atCreate(spec);
            Files.write(dir.resolve("host_keys.pub"), hostKeys);
            prepareVolumes(spec, owner);
            writeConfig(spec);
        } catch (IOException | RuntimeException e) {
            remove(dir, List.of(spec.rootfs().volume()));
            if (e instanceof Failure failure) {
                throw failure;
            }
            throw new Failure("cannot create CT " + spec.vmid() + " in " + lxcPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void start(ContainerSpec spec) {
        Path dir = containerDirectory(spec.vmid());
        if (!Files.exists(dir.resolve("config"))) {
            throw new Failure("CT " + spec.vmid() + " has no LXC container in " + lxcPath
                    + " (made by another runtime?); destroy and create it again");
        }
        checkAddresses(spec);
        int owner = owner(spec);
        new GuestFiles(volumeDirectory(spec.rootfs().volume()).resolve(LxcConfig.ROOT), owner).atStart(spec);
        try {
            prepareVolumes(spec, owner);
        } catch (IOException e) {
            throw new Failure("cannot prepare the volumes of CT " + spec.vmid() + ": " + e.getMessage(), e);
        }
        writeConfig(spec);
        writeKnownHosts();
        network.whileUp(() -> Commands.run(LXC_LIMIT, "lxc-start", "-P", lxcPath.toString(), "-n", name(spec.vmid()),
                "-d", "-o", dir.resolve("start.log").toString(), "-l", "WARN"));
    }

    @Override
    public void reconfigure(ContainerSpec spec) {
        if (!Files.exists(containerDirectory(spec.vmid()).resolve("config"))) {
            return;
        }
        writeConfig(spec);
        if (observe(spec.vmid()).map(Observation::running).orElse(false)) {
            long memory = spec.memoryMib() * 1024 * 1024;
            String total = Long.toString(memory + spec.swapMib() * 1024 * 1024);
            boolean swapLimited = LxcConfig.limitsSwap();
            if (!cgroup(spec.vmid(), "memory.limit_in_bytes", Long.toString(memory)) && swapLimited) {
                cgroup(spec.vmid(), "memory.memsw.limit_in_bytes", total);
                requireCgroup(spec.vmid(), "memory.limit_in_bytes", Long.toString(memory));
            } else if (swapLimited) {
                requireCgroup(spec.vmid(), "memory.memsw.limit_in_bytes", total);
            }
            requireCgroup(spec.vmid(), "cpu.cfs_quota_us", Long.toString(spec.cores() * 100000L));
        }
    }

    private boolean cgroup(int vmid, String key, String value) {
        return Commands.exec(LXC_LIMIT, "lxc-cgroup", "-P", lxcPath.toString(), "-n", name(vmid), key, value).succeeded();
    }

    private void requireCgroup(int vmid, String key, String value) {
        Commands.run(LXC_LIMIT, "lxc-cgroup", "-P", lxcPath.toString(), "-n", name(vmid), key, value);
    }

    @Override
    public void stop(int vmid, Duration timeout) {
        if (observe(vmid).map(Observation::running).orElse(false)) {
            if (timeout.isZero()) {
                Commands.run(LXC_LIMIT, "lxc-stop", "-P", lxcPath.toString(), "-n", name(vmid), "-k");
            } else {
                Commands.run(timeout.plus(LXC_LIMIT), "lxc-stop", "-P", lxcPath.toString(), "-n", name(vmid), "-t",
                        Long.toString(Math.max(1, timeout.toSeconds())));
            }
        }
        network.releaseIfUnused();
    }

    @Override
    public void destroy(int vmid, List<String> ownVolumes) {
        stop(vmid, Duration.ZERO);
        remove(containerDirectory(vmid), ownVolumes);
        writeKnownHosts();
        network.releaseIfUnused();
    }

    @Override
    public void moveVolume(String volume, String renamed) {
        Path from = volumeDirectory(volume);
        Path to = volumeDirectory(renamed);
        try {
            if (Files.exists(from)) {
                Files.createDirectories(to.getParent());
                Files.move(from, to);
            }
        } catch (IOException e) {
            throw new Failure("cannot move volume " + volume + " to " + renamed + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Observation> observe(int vmid) {
        if (!Files.exists(containerDirectory(vmid).resolve("config"))) {
            return Optional.of(new Observation(false, 0));
        }
        Commands.Result info = Commands.exec(LXC_LIMIT, "lxc-info", "-P", lxcPath.toString(), "-n", name(vmid), "-H");
        boolean running = false;
        long memory = 0;
        for (String line : info.output().lines().toList()) {
            if (line.startsWith("State:")) {
                running = line.substring(6).strip().equals("RUNNING");
            } else if (line.startsWith("Memory use:")) {
                memory = Long.parseLong(line.substring(11).strip());
            }
        }
        return Optional.of(new Observation(running, memory));
    }

    private void removeContainers() {
        try (Stream<Path> dirs = Files.isDirectory(lxcPath) ? Files.list(lxcPath) : Stream.empty()) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                int vmid = Integer.parseInt(dir.getFileName().toString());
                stop(vmid, Duration.ZERO);
                Tree.delete(dir);
            }
            Tree.delete(volumes);
            Tree.delete(knownHosts());
        } catch (IOException | NumberFormatException e) {
            throw new Failure("cannot remove the containers in " + lxcPath + ": " + e.getMessage(), e);
        }
        network.releaseIfUnused();
    }

    /**
     * Brings the bridge up (when no other sandbox has) and returns the host's address on it, where
     * the containers reach the sandbox's API; {@link #close()} takes it down again unless a container uses it.
     */
    public InetAddress hostAddress() {
        network.whileUp(() -> {
        });
        try {
            return InetAddress.getByName(SandboxNetwork.HOST_ADDRESS);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The containers keep running, as a node's do; the bridge goes when none is attached. */
    @Override
    public void close() {
        network.releaseIfUnused();
    }

    private void checkAddresses(ContainerSpec spec) {
        for (ContainerSpec.Nic nic : spec.nics()) {
            Optional<String> refusal = SandboxNetwork.refusal(nic.ip().orElse("dhcp"));
            if (refusal.isPresent()) {
                throw new Failure(nic.key() + ": " + refusal.get());
            }
        }
    }

    private void prepareVolumes(ContainerSpec spec, int owner) throws IOException {
        for (ContainerSpec.MountPoint mount : spec.mounts()) {
            if (!mount.volume().startsWith("/")) {
                Path dir = volumeDirectory(mount.volume());
                if (!Files.exists(dir)) {
                    Files.createDirectories(dir);
                    Tree.chown(dir, owner);
                }
            }
        }
        if (kit.isPresent()) {
            Files.createDirectories(kit.get().resolve("jre"));
        }
    }

    private void writeConfig(ContainerSpec spec) {
        Path rootfs = volumeDirectory(spec.rootfs().volume());
        int owner = owner(spec);
        String text = LxcConfig.render(spec, rootfs, this::volumeDirectory, kit, javaHome);
        try {
            Files.writeString(containerDirectory(spec.vmid()).resolve("config"), text);
            Files.writeString(containerDirectory(spec.vmid()).resolve("addresses"), String.join("\n", addresses(spec)));
        } catch (IOException e) {
            throw new Failure("cannot write the LXC config of CT " + spec.vmid() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> addresses(ContainerSpec spec) {
        return spec.nics().stream().map(nic -> nic.ip().orElse("")).filter(ip -> ip.matches("[0-9.]+(/\\d+)?"))
                .map(ip -> ip.replaceAll("/\\d+$", "")).toList();
    }

    /** known_hosts from each container's addresses and host keys, rewritten whenever they may have changed. */
    private void writeKnownHosts() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> dirs = Files.isDirectory(lxcPath) ? Files.list(lxcPath) : Stream.empty()) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path keys = dir.resolve("host_keys.pub");
                Path addresses = dir.resolve("addresses");
                if (Files.exists(keys) && Files.exists(addresses)) {
                    for (String address : Files.readAllLines(addresses)) {
                        for (String key : Files.readAllLines(keys)) {
                            if (!address.isBlank() && !key.isBlank()) {
                                lines.add(address + " " + key);
                            }
                        }
                    }
                }
            }
            if (Files.isDirectory(lxcPath)) {
                Path partial = lxcPath.resolve("known_hosts.partial");
                Files.write(partial, lines);
                Files.move(partial, knownHosts(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new Failure("cannot write " + knownHosts() + ": " + e.getMessage(), e);
        }
    }

    private void remove(Path containerDir, List<String> ownVolumes) {
        try {
            Tree.delete(containerDir);
            for (String volume : ownVolumes) {
                Tree.delete(volumeDirectory(volume));
            }
        } catch (IOException e) {
            throw new Failure("cannot remove " + containerDir + ": " + e.getMessage(), e);
        }
    }

    private static int owner(ContainerSpec spec) {
        return spec.unprivileged() ? IdMap.OFFSET : 0;
    }

    private Path containerDirectory(int vmid) {
        return lxcPath.resolve(name(vmid));
    }

    /** A volume id's directory: {@code local-lvm:vm-100-disk-1} is {@code volumes/local-lvm/vm-100-disk-1}. */
    private Path volumeDirectory(String volume) {
        int colon = volume.indexOf(':');
        if (colon < 0 || volume.contains("/") || volume.contains("..")) {
            throw new Failure("not a volume id of the LXC sandbox: " + volume);
        }
        return volumes.resolve(volume.substring(0, colon)).resolve(volume.substring(colon + 1));
    }

    private static String name(int vmid) {
        return Integer.toString(vmid);
    }
}
