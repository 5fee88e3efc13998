package dev.pxci.sandbox;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waiting in the foreground until told to stop by {@code SIGINT} (Ctrl-C) or {@code SIGTERM}
 * (systemd, kill), handled as signals rather than by a shutdown hook: the caller then closes its
 * servers while the JVM still runs normally, so JGit's own shutdown hook never races an open
 * repository or a server thread being interrupted (which printed an {@code InterruptedException}).
 */
public final class StopSignals {
    private StopSignals() {
    }

    /** Blocks until {@code SIGINT} or {@code SIGTERM} arrives; returns the signal's name. */
    public static String await() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        String[] received = new String[1];
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                received[0] = signal.getName();
                stopped.countDown();
            });
        }
        stopped.await();
        return received[0];
    }
}
