package dev.pxci.sandbox.lxc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** What the LXC sandbox needs on the host: root, and the commands of a few Debian packages. */
public final class Prerequisites {

    /** Each command and the Debian package it comes from. */
    static final Map<String, String> COMMANDS = commands();

    private Prerequisites() {
    }

    private static Map<String, String> commands() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("lxc-start", "lxc");
        out.put("lxc-usernsexec", "lxc");
        out.put("newuidmap", "uidmap");
        out.put("mmdebstrap", "mmdebstrap");
        out.put("zstd", "zstd");
        out.put("apt-cacher-ng", "apt-cacher-ng");
        out.put("ssh-keygen", "openssh-client");
        out.put("ip", "iproute2");
        return out;
    }

    /** One line naming what is missing and how to install it, or empty when everything is there. */
    public static Optional<String> missing() {
        return missing(isRoot(), Prerequisites::onPath);
    }

    /** {@link #missing()} for a host where {@code root} says whether this runs as root and {@code installed} finds commands. */
    static Optional<String> missing(boolean root, Predicate<String> installed) {
        Set<String> packages = new LinkedHashSet<>();
        List<String> commands = new ArrayList<>();
        COMMANDS.forEach((command, pkg) -> {
            if (!installed.test(command)) {
                commands.add(command);
                packages.add(pkg);
            }
        });
        if (root && commands.isEmpty()) {
            return Optional.empty();
        }
        List<String> what = new ArrayList<>();
        if (!root) {
            what.add("root (run it with sudo)");
        }
        if (!commands.isEmpty()) {
            what.add(String.join(", ", commands) + " (install with: apt-get install " + String.join(" ", packages) + ")");
        }
        return Optional.of("--sandbox-runtime lxc needs " + String.join(" and ", what));
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/sbin"
                + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
