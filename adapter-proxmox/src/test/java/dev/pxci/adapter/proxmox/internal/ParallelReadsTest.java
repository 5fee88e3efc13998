package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelReadsTest {

    @Test
    void sendsAsManyReadsAtOnceAsAllowedAndKeepsTheOrder() {
        CyclicBarrier fourAtOnce = new CyclicBarrier(4);
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();

        List<String> out = ParallelReads.map(List.of(1, 2, 3, 4, 5, 6, 7, 8), 4, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                fourAtOnce.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("four reads did not run at once", e);
            } finally {
                running.decrementAndGet();
            }
            return "ct" + i;
        });

        assertThat(out).containsExactly("ct1", "ct2", "ct3", "ct4", "ct5", "ct6", "ct7", "ct8");
        assertThat(peak.get()).isEqualTo(4);
    }

    @Test
    void oneReaderReadsInTheCallersThread() {
        Thread caller = Thread.currentThread();

        List<Boolean> sameThread = ParallelReads.map(List.of(1, 2, 3), 1, i -> Thread.currentThread() == caller);

        assertThat(sameThread).containsOnly(true);
    }

    @Test
    void theFirstFailureFailsTheCallWithItsOwnException() {
        assertThatThrownBy(() -> ParallelReads.map(List.of(1, 2, 3), 3, i -> {
            if (i == 2) {
                throw new PxciException(ErrorCode.FORBIDDEN, "Permission check failed (/vms/2, VM.Audit)");
            }
            return i;
        })).isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessageContaining("VM.Audit");
    }
}
