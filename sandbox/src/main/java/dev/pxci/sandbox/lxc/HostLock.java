package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A lock shared by every process on this machine (a locked file) and every thread of this one,
 * for what several sandboxes share: the bridge, the apt cache, the template cache.
 */
final class HostLock {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private HostLock() {
    }

    static <T> T holding(Path file, Supplier<T> action) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new ContainerRuntime.Failure("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    static void holding(Path file, Runnable action) {
        holding(file, () -> {
            action.run();
            return null;
        });
    }
}
