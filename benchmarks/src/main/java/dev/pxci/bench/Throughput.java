package dev.pxci.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many requests a second the simulator answers, measured from inside the benchmark's JVM
 * with several clients over keep-alive connections on loopback, so that the simulator is shown
 * not to be what the tool comparison measures.
 *
 * @param path the API path requested
 * @param clients threads sending requests back to back
 * @param answered requests answered with 200
 * @param elapsed how long the clients sent
 */
record Throughput(String path, int clients, long answered, Duration elapsed) {

    double perSecond() {
        return answered / (elapsed.toNanos() / 1e9);
    }

    static Throughput measure(SimulatedCluster cluster, String path, int clients, Duration duration)
            throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // warm-up: connections, TLS sessions, the JIT of both sides
            ping(cluster, path, failures);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    if (ping(cluster, path, failures)) {
                        answered.incrementAndGet();
                    }
                }
            }, "throughput-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the simulator failed " + failures.size() + " requests during the throughput"
                        + " run, the first: " + failures.get(0), failures.get(0));
            }
        }
        return new Throughput(path, clients, answered.get(), elapsed);
    }

    private static boolean ping(SimulatedCluster cluster, String path, List<Throwable> failures) {
        try {
            return cluster.ping(path);
        } catch (IOException e) {
            synchronized (failures) {
                failures.add(e);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
