package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time on a sandbox state directory: an OS lock on its {@code lock} file, taken
 * before anything is read or written there, so a second process (a {@code pxci status --sandbox}
 * beside a running {@code pxci sandbox}) is refused without touching the first one's files. The
 * file holds the holder's process id for the refusal; the OS drops the lock however the process ends.
 */
final class SandboxStateLock implements AutoCloseable {
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SandboxStateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code state} (made when missing), or refuses naming the process that holds it. */
    static SandboxStateLock take(Path state) {
        Path file = state.resolve(FILE);
        try {
            Files.createDirectories(state);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = DeploymentLock.tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file).strip();
                channel.close();
                throw new PxciException(ErrorCode.CONFLICT, "the sandbox state " + state + " is in use by process "
                        + (holder.isEmpty() ? "(unknown)" : holder) + " (a running pxci sandbox, or another run);"
                        + " nothing was read or written there",
                        "stop that process first, or give --state another directory");
            }
            DeploymentLock.recordHolder(channel);
            return new SandboxStateLock(channel, lock);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot lock the sandbox state " + state + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot release the sandbox state's lock: " + e.getMessage());
        }
    }
}
