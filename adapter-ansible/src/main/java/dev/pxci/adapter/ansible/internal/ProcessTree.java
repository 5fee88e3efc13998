package dev.pxci.adapter.ansible.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a process with everything it started. Ansible forks workers, which start module
 * interpreters, which start commands; killing only the top process would leave them running.
 */
public final class ProcessTree {
    private static final int MAX_SWEEPS = 50;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * Kills the descendants of {@code root} (looking again after each sweep, since a living parent
     * may fork a replacement), then {@code root}, then what was still found below it, and waits
     * briefly for all of them to be gone.
     */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> killed = new ArrayList<>();
        for (int sweep = 0; sweep < MAX_SWEEPS && root.isAlive(); sweep++) {
            List<ProcessHandle> below = root.descendants().filter(ProcessHandle::isAlive).toList();
            if (below.isEmpty()) {
                break;
            }
            for (ProcessHandle p : below) {
                p.destroyForcibly();
                killed.add(p);
            }
        }
        List<ProcessHandle> last = root.descendants().toList();
        root.destroyForcibly();
        killed.add(root);
        for (ProcessHandle p : last) {
            p.destroyForcibly();
            killed.add(p);
        }
        awaitExit(killed);
    }

    private static void awaitExit(List<ProcessHandle> processes) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILL cannot be refused; a process still listed here is a zombie awaiting its parent's reap.
        }
    }
}
