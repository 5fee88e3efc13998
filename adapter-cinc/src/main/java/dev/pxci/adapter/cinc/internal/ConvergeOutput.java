package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Sits between the client's output and the caller's listener: every line is redacted before it
 * goes anywhere, the last lines are kept for error messages, and the last summary line is noted
 * as the fallback result. Thread-safe (stdout and stderr arrive on different threads).
 */
public final class ConvergeOutput implements OutputListener {
    private final Redactor redactor;
    private final OutputListener downstream;
    private final int keep;
    private final Deque<String> tail = new ArrayDeque<>();
    private RunSummary summary;

    public ConvergeOutput(Redactor redactor, OutputListener downstream, int keep) {
        this.redactor = redactor;
        this.downstream = downstream;
        this.keep = keep;
    }

    @Override
    public void onLine(OutputChannel channel, String line) {
        String clean = redactor.apply(line);
        synchronized (this) {
            if (!clean.isBlank()) {
                tail.addLast(clean);
                if (tail.size() > keep) {
                    tail.removeFirst();
                }
            }
            if (channel == OutputChannel.STDOUT) {
                RunSummary.parse(clean).ifPresent(s -> summary = s);
            }
        }
        downstream.onLine(channel, clean);
    }

    /** The last lines, redacted, oldest first. */
    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The last summary line seen. */
    public synchronized Optional<RunSummary> summary() {
        return Optional.ofNullable(summary);
    }
}
