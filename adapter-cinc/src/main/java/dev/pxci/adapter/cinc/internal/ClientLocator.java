package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the client in the target and asks its version: the configured path, else
 * {@code /opt/cinc/bin/cinc-client}, else {@code cinc-client} on the PATH.
 */
public final class ClientLocator {
    /** Where the Cinc package puts the client. */
    public static final String PACKAGE_PATH = "/opt/cinc/bin/cinc-client";

    private static final String FIND_SCRIPT = """
            if [ -n "$1" ]; then
              [ -x "$1" ] && { printf '%s\\n' "$1"; exit 0; }
              exit 3
            fi
            [ -x "$2" ] && { printf '%s\\n' "$2"; exit 0; }
            command -v cinc-client || exit 3
            """;

    /**
     * An installed client.
     *
     * @param path absolute path of the binary
     * @param version the version it reports
     */
    public record InstalledClient(String path, String version) {
    }

    private ClientLocator() {
    }

    /** The installed client, or empty when there is none (or it does not say its version). */
    public static Optional<InstalledClient> find(TargetShell target, Optional<String> configuredPath) {
        CommandResult found = target.execute(
                TargetShell.script(FIND_SCRIPT, configuredPath.orElse(""), PACKAGE_PATH), OutputListener.NONE);
        if (!found.succeeded() || found.stdout().isBlank()) {
            return Optional.empty();
        }
        String path = found.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
        CommandResult version = target.execute(Command.of(path, "--version")
                .withTimeout(Duration.ofMinutes(2)), OutputListener.NONE);
        if (!version.succeeded()) {
            return Optional.empty();
        }
        return Versions.fromVersionOutput(version.stdout()).map(v -> new InstalledClient(path, v));
    }
}
