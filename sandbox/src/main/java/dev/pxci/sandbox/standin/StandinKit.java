package dev.pxci.sandbox.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The stand-ins for the Gitea and act_runner binaries as a directory that a container can mount:
 * {@code bin/gitea} and {@code bin/act_runner} (POSIX sh wrappers), {@code lib/} (the code of the
 * running sandbox and its dependencies, from this JVM's class path, directories packed into jars)
 * and {@code runtime/} (a self-contained Java runtime made by {@code jlink} from this JVM, when it
 * has {@code jlink}).
 *
 * <p>The container mounts this directory read-only at {@code /opt/pxci-standin} and this JVM's
 * {@code java.home} at {@code /opt/pxci-standin/jre}. The wrappers run {@code
 * /opt/pxci-standin/jre/bin/java -cp '/opt/pxci-standin/lib/*' MAIN "$@"} when that runtime is
 * whole in the container, and {@code /opt/pxci-standin/runtime/bin/java} otherwise: Debian's
 * {@code java.home} holds absolute links into {@code /etc/java-17-openjdk} (its {@code jvm.cfg}
 * among them), which a container without that package lacks. {@code PXCI_STANDIN_HOME} (for
 * {@code /opt/pxci-standin}), {@code PXCI_STANDIN_JAVA} and {@code PXCI_STANDIN_LIB} override the
 * paths, to run the wrappers on the host. The JVM options keep a stand-in small and quick to start
 * in a container of 512 MiB.
 */
public final class StandinKit {
    /** Where a container sees the kit. */
    public static final String MOUNT_POINT = "/opt/pxci-standin";
    private static final Object IN_PROCESS = new Object();
    private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k"
            + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -Xshare:auto";
    /**
     * What the kit's programs and their libraries use of the JDK ({@code jdeps --print-module-deps}
     * over pxci's jars, whose SSH client needs {@code java.rmi}, plus what is loaded by name).
     */
    private static final String RUNTIME_MODULES = "java.base,java.desktop,java.logging,java.management,java.naming,"
            + "java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.net,jdk.unsupported,jdk.zipfs,"
            + "jdk.charsets";
    private static final long JLINK_TIMEOUT_SECONDS = 600;

    private StandinKit() {
    }

    /**
     * Builds (or brings up to date) the kit in {@code workDir/standin} and returns that directory.
     * Unchanged class path entries are not copied or packed again, so a second call is quick;
     * entries no longer on the class path leave {@code lib/}. Safe to call from several threads
     * and processes at once.
     */
    public static Path assemble(Path workDir) {
        Path kit = workDir.toAbsolutePath().resolve("standin");
        synchronized (IN_PROCESS) {
            try {
                Files.createDirectories(kit.resolve("bin"));
                Files.createDirectories(kit.resolve("lib"));
                try (FileChannel lockFile = FileChannel.open(workDir.toAbsolutePath().resolve("standin.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = lockFile.lock()) {
                    writeScript(kit.resolve("bin/gitea"), "gitea-standin", "the pxci Gitea simulator",
                            GiteaStandin.class.getName(), "-Xmx128m");
                    writeScript(kit.resolve("bin/act_runner"), "act_runner-standin",
                            "registers a runner and reports it online; it runs no jobs",
                            ActRunnerStandin.class.getName(), "-Xmx64m");
                    fillLib(kit.resolve("lib"));
                    linkRuntime(kit.resolve("runtime"));
                    for (Path dir : List.of(kit, kit.resolve("bin"), kit.resolve("lib"))) {
                        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot assemble the stand-in kit in " + kit + ": " + e.getMessage(), e);
            }
        }
        return kit;
    }

    /**
     * Adds {@code bin/NAME} to an assembled kit: a launcher of {@code mainClass} from the kit's
     * {@code lib/} (this JVM's class path) on the kit's Java runtime, for a program of the process
     * that runs the sandbox itself (not a stand-in), e.g. so the containers run the same pxci.
     */
    public static Path addLauncher(Path kit, String name, String what, String mainClass, String heap) {
        Path file = kit.resolve("bin").resolve(name);
        try {
            writeScript(file, name, what, mainClass, heap, "the code of the process that runs the sandbox, not a stand-in");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return Path.of(MOUNT_POINT, "bin", name);
    }

    /** The Java runtime the container should mount at {@code /opt/pxci-standin/jre}: this JVM's. */
    public static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static void writeScript(Path file, String name, String what, String mainClass, String heap)
            throws IOException {
        writeScript(file, name, what, mainClass, heap, "stands in for a binary that no registry here serves");
    }

    private static void writeScript(Path file, String name, String what, String mainClass, String heap, String role)
            throws IOException {
        String script = "#!/bin/sh\n"
                + "# pxci " + name + " (" + what + "): " + role + ".\n"
                + "kit=\"${PXCI_STANDIN_HOME:-" + MOUNT_POINT + "}\"\n"
                + "# the mounted JVM when it is whole here (its links into /etc resolve), else the kit's own runtime\n"
                + "if [ -e \"$kit/jre/lib/jvm.cfg\" ]; then java=\"$kit/jre/bin/java\"; else java=\"$kit/runtime/bin/java\"; fi\n"
                + "exec \"${PXCI_STANDIN_JAVA:-$java}\" " + JVM_OPTIONS + " " + heap
                + " -cp \"${PXCI_STANDIN_LIB:-$kit/lib}/*\" " + mainClass + " \"$@\"\n";
        writeIfChanged(file, script.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void fillLib(Path lib) throws IOException {
        Map<String, Path> wanted = new LinkedHashMap<>();
        for (Path entry : classPath()) {
            String name = Files.isDirectory(entry) ? directoryJarName(entry) : entry.getFileName().toString();
            if (wanted.containsKey(name) && !wanted.get(name).equals(entry)) {
                name = hash(entry.toString()).substring(0, 8) + "-" + name;
            }
            wanted.put(name, entry);
        }
        for (Map.Entry<String, Path> e : wanted.entrySet()) {
            Path target = lib.resolve(e.getKey());
            if (Files.isDirectory(e.getValue())) {
                packIfChanged(e.getValue(), target, lib.resolve("." + e.getKey() + ".fingerprint"));
            } else {
                copyIfChanged(e.getValue(), target);
            }
        }
        try (Stream<Path> present = Files.list(lib)) {
            for (Path p : present.toList()) {
                String name = p.getFileName().toString();
                String owner = name.startsWith(".") && name.endsWith(".fingerprint")
                        ? name.substring(1, name.length() - ".fingerprint".length()) : name;
                if (!wanted.containsKey(owner)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * A self-contained runtime of this JVM's release in {@code target}, linked once per JVM into
     * {@code ~/.cache/pxci/standin-runtime} and copied from there; nothing when this JVM has no
     * {@code jlink}.
     */
    private static void linkRuntime(Path target) throws IOException {
        Path jlink = javaHome().resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            return;
        }
        String source = javaHome() + " " + System.getProperty("java.runtime.version") + " " + RUNTIME_MODULES;
        Path stamp = target.resolve(".pxci-runtime");
        if (Files.exists(stamp) && Files.readString(stamp).equals(source)) {
            return;
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "pxci", "standin-runtime",
                hash(source).substring(0, 16));
        Path cacheStamp = cache.resolve(".pxci-runtime");
        if (!Files.exists(cacheStamp) || !Files.readString(cacheStamp).equals(source)) {
            deleteTree(cache);
            Files.createDirectories(cache.getParent());
            Path log = Files.createTempFile(cache.getParent(), "jlink-", ".log");
            try {
                Process process = new ProcessBuilder(jlink.toString(), "--add-modules", RUNTIME_MODULES, "--output",
                        cache.toString(), "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
                        "--generate-cds-archive").redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(JLINK_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("jlink took longer than " + JLINK_TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IOException("jlink failed: " + Files.readString(log).strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while linking the stand-ins' runtime", e);
            } finally {
                Files.deleteIfExists(log);
            }
            Files.writeString(cacheStamp, source);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        deleteTree(partial);
        copyTree(cache, partial);
        deleteTree(target);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.copy(p, dest, java.nio.file.LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The entries of this JVM's class path, with those that jars name in their manifest's Class-Path. */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        List<Path> pending = new ArrayList<>();
        for (String part : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!part.isEmpty()) {
                pending.add(Path.of(part).toAbsolutePath().normalize());
            }
        }
        while (!pending.isEmpty()) {
            Path entry = pending.remove(0);
            if (!Files.exists(entry) || !entries.add(entry) || Files.isDirectory(entry)) {
                continue;
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                Manifest manifest = jar.getManifest();
                String more = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (more != null) {
                    for (String relative : more.trim().split("\\s+")) {
                        pending.add(entry.getParent().resolve(relative).normalize());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the class path entry " + entry, e);
            }
        }
        return List.copyOf(entries);
    }

    /** {@code sandbox-classes.jar} for {@code .../sandbox/target/classes}. */
    private static String directoryJarName(Path dir) {
        Path parent = dir.getParent();
        String module = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target")
                && parent.getParent() != null ? parent.getParent().getFileName().toString()
                : hash(dir.toString()).substring(0, 8);
        return module + "-" + dir.getFileName() + ".jar";
    }

    private static void copyIfChanged(Path source, Path target) throws IOException {
        FileTime modified = Files.getLastModifiedTime(source);
        if (Files.exists(target) && Files.size(target) == Files.size(source)
                && Files.getLastModifiedTime(target).equals(modified)) {
            return;
        }
        Path temporary = Files.createTempFile(target.getParent(), ".copy-", ".tmp");
        try {
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(temporary, modified);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Packs {@code dir} into {@code target} unless the files (names, sizes, times) are those packed last time. */
    private static void packIfChanged(Path dir, Path target, Path fingerprintFile) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder listing = new StringBuilder();
        for (Path f : files) {
            listing.append(dir.relativize(f)).append('\t').append(Files.size(f)).append('\t')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        String fingerprint = hash(listing.toString());
        if (Files.exists(target) && Files.exists(fingerprintFile)
                && Files.readString(fingerprintFile).equals(fingerprint)) {
            return;
        }
        Path temporary = Files.createTempFile(target.getParent(), ".pack-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary); JarOutputStream jar = new JarOutputStream(out)) {
                for (Path f : files) {
                    String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    if (name.equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    jar.putNextEntry(new JarEntry(name));
                    Files.copy(f, jar);
                    jar.closeEntry();
                }
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        writeIfChanged(fingerprintFile, fingerprint.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        Path temporary = Files.createTempFile(file.getParent(), ".write-", ".tmp");
        try {
            Files.write(temporary, content);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
