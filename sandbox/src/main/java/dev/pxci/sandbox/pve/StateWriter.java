package dev.pxci.sandbox.pve;

import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes the cluster's state file in the background, so that no mutation pays for serialising the
 * whole cluster: a mutation only asks for a write ({@link #requestWrite}); one thread writes the
 * newest state, shared by every mutation made since the last write, and pauses between writes at
 * least {@link #MIN_PAUSE_NANOS} and as long as the last write took, so that writing takes at most
 * about half of a core however busy the cluster is. Each write replaces the file atomically
 * ({@link StateStore#save}), so the file always holds a whole state, at most one pause and one
 * write older than the cluster; {@link #close} writes the last state before it returns. A write
 * that fails is reported to the next mutation and tried again. Thread-safe.
 */
final class StateWriter implements AutoCloseable {
    /** The state to write and the version of the cluster it is. */
    record Snapshot(long version, StateStore.StateFile state) {
    }

    static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StateStore store;
    private final Supplier<Snapshot> snapshot;
    private final Thread thread;
    private long requested;
    private long written;
    private long nextWriteAt;
    private UncheckedIOException failure;
    private boolean closed;

    StateWriter(StateStore store, Supplier<Snapshot> snapshot) {
        this.store = store;
        this.snapshot = snapshot;
        this.thread = new Thread(this::writeUntilClosed, "pve-sandbox-state");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a write of {@code version} or newer, without waiting for it.
     *
     * @throws UncheckedIOException when the last write failed (it is tried again)
     */
    synchronized void requestWrite(long version) {
        requested = Math.max(requested, version);
        notifyAll();
        UncheckedIOException failed = failure;
        failure = null;
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Writes what is not written yet and stops the thread.
     *
     * @throws UncheckedIOException when that last write fails
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        write();
    }

    private void writeUntilClosed() {
        while (true) {
            synchronized (this) {
                long wait;
                while (!closed && (wait = untilDue()) != 0) {
                    try {
                        if (wait < 0) {
                            wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, wait);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            long began = System.nanoTime();
            try {
                write();
            } catch (UncheckedIOException e) {
                synchronized (this) {
                    failure = e;
                }
            }
            long took = System.nanoTime() - began;
            synchronized (this) {
                nextWriteAt = System.nanoTime() + Math.max(MIN_PAUSE_NANOS, took);
            }
        }
    }

    /** Nanoseconds until the next write is due: 0 now, -1 when there is nothing new to write or a failure waits to be reported. */
    private long untilDue() {
        if (requested <= written || failure != null) {
            return -1;
        }
        return Math.max(0, nextWriteAt - System.nanoTime());
    }

    private void write() {
        Snapshot next = snapshot.get();
        synchronized (this) {
            if (next.version() <= written) {
                return;
            }
        }
        store.save(next.version(), next.state());
        synchronized (this) {
            written = Math.max(written, next.version());
        }
    }
}
