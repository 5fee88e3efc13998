package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Proxmox-format template the LXC sandbox builds its containers from: a Debian bookworm root
 * file system made by {@code mmdebstrap} from the host's own Debian mirror and packed as
 * {@value #FILE_NAME} ({@code tar} compressed with {@code zstd}), as {@code pveam} would download
 * it. Built once and kept under {@code CACHE/templates/KEY/}, where KEY is a hash of the recipe,
 * so a changed recipe builds anew. Each template is unpacked once per id map into a base that
 * containers copy, under {@code /var/lib/pxci/templates/KEY/}. Safe to use from several processes at once (a host lock).
 */
final class TemplateCache {

    static final String VOLUME_ID = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
    static final String FILE_NAME = "debian-12-standard_12.7-1_amd64.tar.zst";
    private static final Duration BUILD_TIME_LIMIT = Duration.ofMinutes(20);
    private static final Duration UNPACK_TIME_LIMIT = Duration.ofMinutes(5);

    /** Packages beyond minbase: what the stages need and a Proxmox standard template has. */
    static final List<String> PACKAGES = List.of("systemd-sysv", "openssh-server", "sudo", "python3", "locales",
            "ca-certificates", "iproute2", "ifupdown", "iputils-ping", "procps", "less", "netbase");

    /**
     * Run on the finished tree ({@code $1}): no host keys or machine id (each container gets its
     * own), no hostname, a locale, no mount that fails inside a container, no translations.
     */
    static final List<String> HOOKS = List.of(
            "rm -f \"$1\"/etc/ssh/ssh_host_*",
            ": > \"$1\"/etc/machine-id",
            "rm -f \"$1\"/var/lib/dbus/machine-id \"$1\"/etc/hostname",
            "ln -sf /dev/null \"$1\"/etc/systemd/system/sys-kernel-debug.mount",
            "sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' \"$1\"/etc/locale.gen && chroot \"$1\" locale-gen",
            "printf 'Acquire::Languages \"none\";\\n' > \"$1\"/etc/apt/apt.conf.d/99pxci-no-translations");

    private final Path directory;
    private final Path unpacked;
    private final String mirror;
    private final Consumer<String> progress;

    /**
     * @param cacheHome where the archive is kept ({@code ~/.cache/pxci})
     * @param unpackHome where it is unpacked: a place every parent of which unprivileged container
     *     roots may traverse, which a home directory rarely is ({@code /var/lib/pxci})
     */
    TemplateCache(Path cacheHome, Path unpackHome, String mirror, Consumer<String> progress) {
        this.mirror = mirror;
        this.progress = progress;
        String key = key(recipe(mirror));
        this.directory = cacheHome.resolve("templates").resolve(key);
        this.unpacked = unpackHome.resolve("templates").resolve(key);
    }

    /** The recipe as text: what the cache key is computed from. */
    static String recipe(String mirror) {
        return "format 1\nsuite bookworm\nvariant minbase\nmirror " + mirror + "\ninclude " + String.join(",", PACKAGES)
                + "\n" + String.join("\n", HOOKS) + "\ncompress zstd -3\n";
    }

    static String key(String recipe) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The template archive, built now when the cache lacks it. */
    Path archive() {
        Path archive = directory.resolve(FILE_NAME);
        return HostLock.holding(directory.resolveSibling(directory.getFileName() + ".lock"), () -> {
            if (!Files.exists(archive)) {
                build(archive);
            }
            return archive;
        });
    }

    private void build(Path archive) {
        long start = System.nanoTime();
        progress.accept("building the LXC sandbox's template " + FILE_NAME + " with mmdebstrap from " + mirror
                + " (once; cached in " + directory + ")");
        try {
            Files.createDirectories(directory);
            Path tar = directory.resolve("rootfs.tar.partial");
            Files.deleteIfExists(tar);
            List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase", "--mode=root",
                    "--format=tar", "--include=" + String.join(",", PACKAGES)));
            HOOKS.forEach(hook -> command.add("--customize-hook=" + hook));
            command.addAll(List.of("bookworm", tar.toString(), mirror));
            Commands.stream(BUILD_TIME_LIMIT, line -> progress.accept("  " + line), command);
            long built = System.nanoTime();
            Path packed = directory.resolve(FILE_NAME + ".partial");
            Commands.run(UNPACK_TIME_LIMIT, "zstd", "-q", "-f", "-3", "-T0", tar.toString(), "-o", packed.toString());
            Files.delete(tar);
            Files.move(packed, archive);
            progress.accept(String.format("template built in %.1f s, packed in %.1f s: %d MB", (built - start) / 1e9,
                    (System.nanoTime() - built) / 1e9, Files.size(archive) / 1_000_000));
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot build the template in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The template unpacked for containers whose root is host uid/gid {@code idOffset} (0:
     * privileged), as PVE unpacks it for an unprivileged container: inside the user namespace, so
     * owners and set-id bits come out right. Read-only for its users: containers copy it.
     */
    Path base(int idOffset) {
        Path base = unpacked.resolve("base-" + idOffset);
        Path done = unpacked.resolve("base-" + idOffset + ".done");
        Path archive = archive();
        return HostLock.holding(directory.resolveSibling(directory.getFileName() + ".lock"), () -> {
            if (Files.exists(done)) {
                return base;
            }
            try {
                Files.createDirectories(unpacked);
                Path partial = unpacked.resolve("base-" + idOffset + ".partial");
                Tree.delete(partial);
                Files.createDirectories(partial);
                List<String> tar = List.of("tar", "-xpf", "-", "--zstd", "--numeric-owner",
                        "--exclude=./dev/*", "-C", partial.toString());
                List<String> command = new ArrayList<>();
                if (idOffset != 0) {
                    Tree.chown(partial, idOffset);
                    command.addAll(List.of("lxc-usernsexec", "-m", "b:0:" + idOffset + ":" + IdMap.SIZE, "--"));
                }
                command.addAll(tar);
                Commands.runWithInput(UNPACK_TIME_LIMIT, archive, command.toArray(String[]::new));
                Tree.delete(base);
                Files.move(partial, base);
                Files.writeString(done, "");
                return base;
            } catch (IOException e) {
                throw new ContainerRuntime.Failure("cannot unpack " + archive + ": " + e.getMessage(), e);
            }
        });
    }
}
