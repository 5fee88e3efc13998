package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.Shell;
import java.util.List;
import java.util.Optional;

/**
 * What the adapter needs to know about the target before it acts, found with one command: the
 * login user's id, and the client with the version it reports. The client is the configured path,
 * else {@code /opt/cinc/bin/cinc-client}, else {@code cinc-client} on the PATH.
 *
 * @param uid the login user's numeric id
 * @param client the installed client, when there is one that says its version
 */
public record TargetProbe(String uid, Optional<InstalledClient> client) {
    /** Where the Cinc package puts the client. */
    public static final String PACKAGE_PATH = "/opt/cinc/bin/cinc-client";

    private static final String SCRIPT = """
            id -u || exit 2
            if [ -n "$1" ]; then
              [ -x "$1" ] && p="$1"
            elif [ -x "$2" ]; then
              p="$2"
            else
              p=$(command -v cinc-client 2>/dev/null)
            fi
            [ -n "$p" ] || exit 0
            printf '%s\\n' "$p"
            "$p" --version 2>&1
            exit 0
            """;

    /**
     * An installed client.
     *
     * @param path absolute path of the binary
     * @param version the version it reports
     */
    public record InstalledClient(String path, String version) {
    }

    public static TargetProbe of(Shell target, Optional<String> configuredPath) {
        CommandResult result = target.execute(TargetShell.script(SCRIPT, configuredPath.orElse(""), PACKAGE_PATH));
        List<String> lines = result.stdout().lines().map(String::strip).toList();
        if (!result.succeeded() || lines.isEmpty() || !lines.get(0).matches("\\d+")) {
            throw new PxciException(ErrorCode.FAILED, "could not inspect " + target.describe() + " (exit "
                    + result.exitCode() + "): " + String.join(" | ", result.tail(5)));
        }
        if (lines.size() < 2) {
            return new TargetProbe(lines.get(0), Optional.empty());
        }
        String versionOutput = String.join("\n", lines.subList(2, lines.size()));
        return new TargetProbe(lines.get(0),
                Versions.fromVersionOutput(versionOutput).map(v -> new InstalledClient(lines.get(1), v)));
    }
}
