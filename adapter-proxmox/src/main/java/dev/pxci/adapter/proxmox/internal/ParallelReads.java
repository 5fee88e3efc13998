package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Sends independent reads at once, at most {@code readers} at a time, so observing N containers
 * costs about N / readers round trips instead of N. Results keep the order of the input; the
 * first read that fails fails the whole call with its own exception, and the rest are cancelled.
 */
public final class ParallelReads {
    private ParallelReads() {
    }

    public static <T, R> List<R> map(List<T> items, int readers, Function<T, R> read) {
        List<R> out = new ArrayList<>(items.size());
        if (items.size() <= 1 || readers <= 1) {
            items.forEach(item -> out.add(read.apply(item)));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(readers, items.size()), r -> {
            Thread t = new Thread(r, "pxci-proxmox-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            items.forEach(item -> futures.add(pool.submit(() -> read.apply(item))));
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new PxciException(ErrorCode.FAILED, "a read of Proxmox VE failed: " + e.getCause(), null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while reading from Proxmox VE");
        } finally {
            pool.shutdownNow();
        }
    }
}
