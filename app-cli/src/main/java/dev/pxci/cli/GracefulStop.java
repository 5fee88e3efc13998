package dev.pxci.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a signal that ends the process (SIGINT, SIGTERM, SIGHUP) does to a run of this process:
 * the engine starts no more work ({@link #requested()}), what is under way ends as it would, the
 * embedded sandbox finishes its tasks and keeps its state, and the process ends once the run has
 * (within {@link #GRACE} at most), so the next run converges at once instead of waiting on locks.
 * One per process: signals are the process's.
 */
final class GracefulStop {
    /** How long the run may take to wind down after the signal before the process ends regardless. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private GracefulStop() {
    }

    /** Lets the signals that end the process wind the run down first; {@code err} hears about it. */
    static void install(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (FINISHED.getCount() == 0) {
                return; // the run is over: this is the ordinary exit
            }
            REQUESTED.set(true);
            err.println("pxci: stopping: no new work is started; waiting up to " + GRACE.toSeconds()
                    + " s for what is under way to end");
            err.flush();
            try {
                if (!FINISHED.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("pxci: what was under way did not end within " + GRACE.toSeconds()
                            + " s; the next run takes it from where it stands");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pxci-graceful-stop"));
    }

    /** Whether a signal asked the process to end. */
    static boolean requested() {
        return REQUESTED.get();
    }

    /** The run is over and its resources are closed: the process may end. */
    static void finished() {
        FINISHED.countDown();
    }
}
