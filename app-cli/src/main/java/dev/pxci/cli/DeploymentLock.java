package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.time.Backoff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * Exclusive locks on what a run changes, so that two runs never work on one container at once,
 * however they name their deployment (another path, a link, a directory or one of its files):
 * one OS file lock per container id on its cluster, under {@code ~/.pxci/locks/<cluster>/}, taken
 * in ascending id order (so two runs cannot wait on each other). An OS lock is released when the
 * process ends, however it ends, so a killed run never leaves a stale one. Each file holds its
 * holder's process id for the message a second run prints.
 */
final class DeploymentLock implements AutoCloseable {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    private final List<Held> held;

    private record Held(FileChannel channel, FileLock lock) {
    }

    private DeploymentLock(List<Held> held) {
        this.held = held;
    }

    /** Where the locks of every cluster are kept. */
    static Path home() {
        return Path.of(System.getProperty("user.home"), ".pxci", "locks");
    }

    /**
     * Takes the locks of {@code ids} on {@code cluster} (the API's address, or the sandbox's state),
     * waiting up to {@code wait} in all for other runs to finish; refuses clearly after that.
     */
    static DeploymentLock acquire(String cluster, SortedSet<Integer> ids, Duration wait) {
        Path dir = home().resolve(digest(cluster));
        Backoff.Wait waiting = Backoff.exponential(FIRST_PAUSE, LONGEST_PAUSE)
                .start(wait, "waiting for the locks on " + cluster);
        List<Held> held = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int id : ids) {
                held.add(take(dir.resolve("ct-" + id + ".lock"), id, cluster, waiting));
            }
            return new DeploymentLock(held);
        } catch (IOException e) {
            release(held);
            throw new PxciException(ErrorCode.FAILED, "cannot lock in " + dir + ": " + e.getMessage());
        } catch (RuntimeException e) {
            release(held);
            throw e;
        }
    }

    private static Held take(Path file, int id, String cluster, Backoff.Wait wait) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    recordHolder(channel);
                    return new Held(channel, lock);
                }
                if (wait.expired()) {
                    String holder = Files.readString(file).strip();
                    throw new PxciException(ErrorCode.CONFLICT, "another pxci run (process " + holder
                            + ") is working on CT " + id + " of " + cluster,
                            "wait for it to finish, or pass --lock-wait 10m to wait");
                }
                wait.pause();
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes this process's id into a lock file it holds, for the refusal a second process prints. */
    static void recordHolder(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** The lock, or null when another process, or another run in this one, holds it. */
    static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static String digest(String cluster) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(cluster.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void release(List<Held> held) {
        for (Held h : held) {
            try {
                h.lock().release();
                h.channel().close();
            } catch (IOException e) {
                throw new PxciException(ErrorCode.FAILED, "cannot release a deployment lock: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        release(held);
    }
}
