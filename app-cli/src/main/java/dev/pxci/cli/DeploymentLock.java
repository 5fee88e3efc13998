package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock per deployment, so that two runs never change one deployment at once. The
 * lock is an OS file lock on {@code .pxci/<config>.lock} beside the configuration: it is released
 * when the process ends, however it ends, so a killed run never leaves a stale lock. The file
 * holds the holder's process id for the message a second run prints.
 */
final class DeploymentLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DeploymentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, waiting up to {@code wait} for another run to finish; refuses clearly after that. */
    static DeploymentLock acquire(Path config, Duration wait) {
        Path absolute = config.toAbsolutePath().normalize();
        Path dir = (Files.isDirectory(absolute) ? absolute : absolute.getParent()).resolve(".pxci");
        Path file = dir.resolve(absolute.getFileName() + ".lock");
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + wait.toNanos();
            long pause = 50;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                    return new DeploymentLock(channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    String holder = Files.readString(file).strip();
                    channel.close();
                    throw new PxciException(ErrorCode.CONFLICT, "another pxci run (process " + holder
                            + ") is working on " + absolute, "wait for it to finish, or pass --lock-wait 10m to wait");
                }
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                pause = Math.min(pause * 2, 1000);
            }
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot lock " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while waiting for the lock on " + absolute);
        }
    }

    /** The lock, or null when another process, or another run in this one, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot release the deployment lock: " + e.getMessage());
        }
    }
}
