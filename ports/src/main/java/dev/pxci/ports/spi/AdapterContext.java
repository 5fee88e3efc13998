package dev.pxci.ports.spi;

import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.time.Ticker;
import java.util.Objects;

/**
 * What the host gives every adapter it creates, besides its settings: where the adapter's
 * progress lines go (free of secrets, one line at a time) and the clock its waits run on.
 *
 * @param progress receives the adapter's progress lines (an {@code ansible-playbook}'s events)
 * @param ticker the clock and sleep of the adapter's waits and retries
 */
public record AdapterContext(OutputListener progress, Ticker ticker) {
    /** No progress wanted, real time. */
    public static final AdapterContext DEFAULT = new AdapterContext(OutputListener.NONE, Ticker.SYSTEM);

    public AdapterContext {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(ticker, "ticker");
    }

    /** This context, with progress lines going to {@code listener}. */
    public AdapterContext withProgress(OutputListener listener) {
        return new AdapterContext(listener, ticker);
    }
}
