package dev.pxci.cli;

import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;

/**
 * The progress listener in every adapter's context: adapters are created before the run's output
 * exists, so their progress lines go here and on to wherever the run points it (nowhere until then).
 */
final class ProgressRelay implements OutputListener {
    private volatile OutputListener target = OutputListener.NONE;

    /** Sends the lines from now on to {@code listener}. */
    void to(OutputListener listener) {
        target = listener;
    }

    @Override
    public void onLine(OutputChannel channel, String line) {
        target.onLine(channel, line);
    }
}
