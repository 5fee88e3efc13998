package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import dev.pxci.sandbox.pve.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The LXC config of one container, written from its PVE config at every start as pve-container
 * does: name, id map, root directory, memory and swap limits, CPU quota for {@code cores}, one veth
 * per {@code netN} on the sandbox bridge, a bind mount per {@code mpN}, and the stand-in kit.
 */
final class LxcConfig {

    private static final Path MEMSW = Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes");
    static final String KIT_MOUNT = "opt/pxci-standin";
    /** The directory of a root volume that holds the container's root file system. */
    static final String ROOT = "root";

    private LxcConfig() {
    }

    /** Whether the host's memory cgroup can limit swap ({@code memory.memsw.*}, swap accounting on). */
    static boolean limitsSwap() {
        return Files.exists(MEMSW);
    }

    /**
     * @param rootfs the root volume's directory, holding the container's root file system in {@value #ROOT}
     * @param volumeDirectory where each mount point's volume lives on the host
     * @param kit the stand-in kit directory, mounted read-only at {@code /opt/pxci-standin}
     * @param javaHome a JVM mounted read-only at {@code /opt/pxci-standin/jre}
     */
    static String render(ContainerSpec spec, Path rootfs, java.util.function.Function<String, Path> volumeDirectory,
            Optional<Path> kit, Path javaHome) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by the pxci LXC sandbox from CT " + spec.vmid() + "'s Proxmox VE config at each start");
        lines.add("lxc.uts.name = " + spec.hostname());
        lines.add("lxc.arch = amd64");
        lines.add("lxc.include = /usr/share/lxc/config/common.conf");
        if (spec.unprivileged()) {
            lines.add("lxc.include = /usr/share/lxc/config/userns.conf");
            lines.addAll(IdMap.lxcLines());
        }
        if ("1".equals(spec.features().get("nesting"))) {
            lines.add("lxc.include = /usr/share/lxc/config/nesting.conf");
        }
        lines.add("lxc.apparmor.profile = unconfined");
        lines.add("lxc.rootfs.path = dir:" + rootfs.resolve(ROOT));
        lines.add("lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed");
        long memory = spec.memoryMib() * 1024 * 1024;
        lines.add("lxc.cgroup.memory.limit_in_bytes = " + memory);
        if (limitsSwap()) {
            lines.add("lxc.cgroup.memory.memsw.limit_in_bytes = " + (memory + spec.swapMib() * 1024 * 1024));
        }
        lines.add("lxc.cgroup.cpu.cfs_period_us = 100000");
        lines.add("lxc.cgroup.cpu.cfs_quota_us = " + spec.cores() * 100000L);
        int index = 0;
        for (ContainerSpec.Nic nic : spec.nics()) {
            if (!nic.bridge().equals(SandboxNetwork.NODE_BRIDGE)) {
                throw new ContainerRuntime.Failure(nic.key() + ": bridge '" + nic.bridge() + "' does not exist; the LXC"
                        + " sandbox's node has " + SandboxNetwork.NODE_BRIDGE + " (" + SandboxNetwork.BRIDGE + " on the host)");
            }
            String prefix = "lxc.net." + index++ + ".";
            lines.add(prefix + "type = veth");
            lines.add(prefix + "link = " + SandboxNetwork.BRIDGE);
            lines.add(prefix + "flags = up");
            lines.add(prefix + "name = " + nic.name());
            if (!nic.mac().isEmpty()) {
                lines.add(prefix + "hwaddr = " + nic.mac());
            }
        }
        for (ContainerSpec.MountPoint mount : spec.mounts()) {
            Path source = mount.volume().startsWith("/") ? Path.of(mount.volume()) : volumeDirectory.apply(mount.volume());
            lines.add("lxc.mount.entry = " + fstab(source) + " " + fstab(relative(mount.path()))
                    + " none bind,create=dir 0 0");
        }
        kit.ifPresent(dir -> lines.add("lxc.mount.entry = " + fstab(dir) + " " + KIT_MOUNT + " none bind,ro,create=dir 0 0"));
        lines.add("lxc.mount.entry = " + fstab(javaHome) + " " + KIT_MOUNT + "/jre none bind,ro,create=dir 0 0");
        Path conf = javaHome.resolve("conf");
        if (Files.isSymbolicLink(conf)) {
            try {
                Path target = conf.toRealPath();
                lines.add("lxc.mount.entry = " + fstab(target) + " " + fstab(relative(target.toString()))
                        + " none bind,ro,create=dir 0 0");
            } catch (java.io.IOException e) {
                throw new ContainerRuntime.Failure("cannot resolve " + conf + ": " + e.getMessage(), e);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String relative(String path) {
        return path.replaceAll("^/+", "");
    }

    /** A path as an fstab field: spaces and tabs escaped. */
    private static String fstab(Object path) {
        return path.toString().replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011");
    }
}
