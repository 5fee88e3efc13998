package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Debian's {@code apt-cacher-ng} on the bridge address, so {@code apt-get} inside containers that
 * have no route out still works: it listens on {@value SandboxNetwork#HOST_ADDRESS}:{@value #PORT}
 * only and forwards only to the mirrors the host's own apt sources name ({@code ForceManaged}).
 * It runs detached, like the containers it serves, and is stopped with the bridge.
 */
final class AptCache {

    static final int PORT = 3142;
    /** The line containers get in {@code /etc/apt/apt.conf.d/}. */
    static final String PROXY_CONF = "Acquire::http::Proxy \"http://" + SandboxNetwork.HOST_ADDRESS + ":" + PORT + "\";\n";
    private static final Duration START_LIMIT = Duration.ofSeconds(10);

    private final Path runDirectory;
    private final Path cacheDirectory;
    private final List<String> mirrors;

    AptCache(Path runDirectory, Path cacheDirectory, List<String> mirrors) {
        this.runDirectory = runDirectory;
        this.cacheDirectory = cacheDirectory;
        this.mirrors = List.copyOf(mirrors);
    }

    /** The http mirrors of the host's apt sources ({@code URIs:} of deb822 files, {@code deb} lines). */
    static List<String> hostMirrors(Path aptSources) {
        Set<String> found = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        files.add(aptSources.resolve("sources.list"));
        try (Stream<Path> parts = Files.isDirectory(aptSources.resolve("sources.list.d"))
                ? Files.list(aptSources.resolve("sources.list.d")) : Stream.empty()) {
            parts.sorted().forEach(files::add);
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot read " + aptSources + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    String text = line.strip();
                    List<String> words = List.of(text.split("\\s+"));
                    if (text.startsWith("URIs:")) {
                        words.subList(1, words.size()).forEach(found::add);
                    } else if (text.startsWith("deb ")) {
                        words.stream().skip(1).filter(w -> w.startsWith("http")).findFirst().ifPresent(found::add);
                    }
                }
            } catch (IOException e) {
                throw new ContainerRuntime.Failure("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return found.stream().filter(uri -> uri.startsWith("http://")).map(uri -> uri.replaceAll("/+$", "")).toList();
    }

    /** The mirror the template is built from: the host's first. */
    Optional<String> primaryMirror() {
        return mirrors.stream().findFirst();
    }

    /** Starts the cache unless it runs already; the bridge address must be up. */
    void ensureRunning() {
        if (pid().isPresent()) {
            return;
        }
        try {
            Files.createDirectories(runDirectory.resolve("log"));
            Files.createDirectories(cacheDirectory);
            Files.writeString(runDirectory.resolve("acng.conf"), config());
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot configure apt-cacher-ng in " + runDirectory + ": " + e.getMessage(), e);
        }
        Commands.run(START_LIMIT, "apt-cacher-ng", "-c", runDirectory.toString());
        long end = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(SandboxNetwork.HOST_ADDRESS, PORT), 500);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        throw new ContainerRuntime.Failure("apt-cacher-ng did not listen on " + SandboxNetwork.HOST_ADDRESS + ":" + PORT
                + " within " + START_LIMIT.toSeconds() + " s; see " + runDirectory.resolve("log"));
    }

    private String config() {
        StringBuilder out = new StringBuilder("# written by the pxci LXC sandbox\n")
                .append("CacheDir: ").append(cacheDirectory).append('\n')
                .append("LogDir: ").append(runDirectory.resolve("log")).append('\n')
                .append("PidFile: ").append(runDirectory.resolve("pid")).append('\n')
                .append("SupportDir: /usr/lib/apt-cacher-ng\n")
                .append("BindAddress: ").append(SandboxNetwork.HOST_ADDRESS).append('\n')
                .append("Port: ").append(PORT).append('\n')
                .append("ForceManaged: 1\nExThreshold: 4\nForeGround: 0\n");
        int index = 0;
        for (String mirror : mirrors) {
            String prefix = URI.create(mirror).getHost() + URI.create(mirror).getPath();
            out.append("Remap-pxci").append(index++).append(": ").append(prefix).append(" ; ").append(mirror).append('\n');
        }
        return out.toString();
    }

    /** Stops the cache when it runs. */
    void stop() {
        pid().flatMap(ProcessHandle::of).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(runDirectory.resolve("pid"));
        } catch (IOException e) {
            // a stale pid file is checked against the process table anyway
        }
    }

    /** The pid of a running cache started by a sandbox, from its pid file. */
    private Optional<Long> pid() {
        Path file = runDirectory.resolve("pid");
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("apt-cacher-ng")).orElse(false))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntime.Failure("interrupted while waiting for apt-cacher-ng");
        }
    }
}
