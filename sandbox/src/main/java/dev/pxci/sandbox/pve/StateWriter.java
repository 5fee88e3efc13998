package dev.pxci.sandbox.pve;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Writes the cluster's state file from one background thread, so that a mutation no longer
 * serialises the whole cluster itself: every write takes the newest state, and all mutations made
 * while the one before was being written share it (a group commit). A request is answered only
 * once a write that holds its mutation is done ({@link #awaitWritten}), as before; the task clock
 * only asks for a write ({@link #requestWrite}), so a task that ends is on disk with the next
 * write, normally milliseconds later. {@link #close} writes the last state before it returns.
 * Each write replaces the file atomically ({@link StateStore#save}). Thread-safe.
 */
final class StateWriter implements AutoCloseable {
    /** The state to write and the version of the cluster it is. */
    record Snapshot(long version, StateStore.StateFile state) {
    }

    private final StateStore store;
    private final Supplier<Snapshot> snapshot;
    private final Thread thread;
    private long requested;
    private long written;
    private RuntimeException failure;
    private long failedUpTo;
    private boolean closed;

    StateWriter(StateStore store, Supplier<Snapshot> snapshot) {
        this.store = store;
        this.snapshot = snapshot;
        this.thread = new Thread(this::writeWhileOpen, "pve-sandbox-state");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a write of {@code version} or newer, without waiting for it. */
    synchronized void requestWrite(long version) {
        requested = Math.max(requested, version);
        notifyAll();
    }

    /**
     * Waits until {@code version} or a newer one is written.
     *
     * @throws UncheckedIOException when the write that should have held it failed
     */
    synchronized void awaitWritten(long version) {
        requestWrite(version);
        boolean interrupted = false;
        while (written < version && !closed) {
            if (failure != null && failedUpTo >= version) {
                throw failure;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (written < version) {
            writeNow();
            if (written < version && failure != null) {
                throw failure;
            }
        }
    }

    /** Writes what is not written yet and stops the thread. */
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
        writeNow();
    }

    private void writeWhileOpen() {
        while (true) {
            synchronized (this) {
                while ((requested <= written || failure != null && requested <= failedUpTo) && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            writeNow();
        }
    }

    private void writeNow() {
        Snapshot next = snapshot.get();
        synchronized (this) {
            if (next.version() <= written) {
                return;
            }
        }
        try {
            store.save(next.version(), next.state());
            synchronized (this) {
                written = Math.max(written, next.version());
                failure = null;
                notifyAll();
            }
        } catch (UncheckedIOException e) {
            synchronized (this) {
                failure = e;
                failedUpTo = next.version();
                notifyAll();
            }
        }
    }
}
