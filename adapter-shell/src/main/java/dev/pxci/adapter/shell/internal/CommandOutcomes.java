package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import java.time.Duration;
import java.util.Optional;

/** The errors both shells raise about a command that ran: timed out, or its output listener failed. */
public final class CommandOutcomes {
    private CommandOutcomes() {
    }

    /** A command killed at its timeout: what it was, where, how long, the last lines it wrote (secrets masked). */
    public static PxciException timedOut(Command command, String where, Redactor mask, OutputCollector out,
            OutputCollector err, String whatHappened) {
        String lastLines = String.join(" | ",
                new CommandResult(-1, Optional.empty(), out.text(), err.text(), false, Duration.ZERO).tail(5));
        String message = "`" + command.display() + "` on " + where + " did not finish within "
                + describe(command.timeout()) + " and " + whatHappened
                + (lastLines.isEmpty() ? "" : "; last output: " + lastLines);
        return new PxciException(ErrorCode.TIMEOUT, mask.apply(message),
                "raise the command's timeout, or find out why it hangs (does it wait for input?)");
    }

    /** Throws when the listener threw while the command ran; the command's result would hide that. */
    public static void failIfListenerFailed(OutputCollector out, OutputCollector err) {
        RuntimeException failure = out.listenerFailure() != null ? out.listenerFailure() : err.listenerFailure();
        if (failure != null) {
            throw new PxciException(ErrorCode.FAILED, "the output listener failed and was not called again: " + failure,
                    null, failure);
        }
    }

    static String describe(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        if (duration.toMillis() % 1000 != 0 || duration.toSeconds() < 120) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() / 1000.0 + "s";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
    }
}
