package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Shell} with what the adapter needs on top: commands as the login user or as root
 * ({@code sudo -n} when the login user is not root), and failures turned into
 * {@link PxciException}s that carry the command's last lines.
 */
public final class TargetShell {
    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final int TAIL = 20;
    private final Shell shell;
    private final boolean sudo;
    private final String loginUid;
    private List<String> rootPrefix;

    /**
     * {@code sudo}: whether root commands go through {@code sudo -n}; {@code probe} tells who the
     * login user is.
     */
    public TargetShell(Shell shell, boolean sudo, TargetProbe probe) {
        this.shell = shell;
        this.sudo = sudo;
        this.loginUid = probe.uid();
    }

    /** The login user's numeric id; files staged for it are owned by it. */
    public String loginUid() {
        return loginUid;
    }

    /**
     * The prefix for root commands: {@code sudo -n} when asked for, checked once with
     * {@code sudo -n true} so that a missing sudo rule fails early and clearly.
     */
    private synchronized List<String> rootPrefix() {
        if (rootPrefix == null) {
            if (sudo) {
                CommandResult probe = shell.execute(Command.of("sudo", "-n", "true").withTimeout(SHORT));
                if (!probe.succeeded()) {
                    throw new PxciException(ErrorCode.FORBIDDEN,
                            "on " + shell.describe() + " commands need root, but 'sudo -n true' failed for the login user: "
                                    + String.join(" | ", probe.tail(3)),
                            "allow the login user passwordless sudo, log in as root, or set cinc.sudo=false"
                                    + " when the login user may install packages and converge by itself");
                }
            }
            rootPrefix = sudo ? List.of("sudo", "-n") : List.of();
        }
        return rootPrefix;
    }

    public Shell shell() {
        return shell;
    }

    public String describe() {
        return shell.describe();
    }

    /** {@code argv} as root: behind {@code sudo -n} when needed. */
    public Command asRoot(List<String> argv) {
        List<String> all = new ArrayList<>(rootPrefix());
        all.addAll(argv);
        return Command.of(all);
    }

    /** A POSIX {@code sh -c} script with positional arguments, as the login user. */
    public static Command script(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return Command.of(argv).withTimeout(SHORT);
    }

    /** A POSIX {@code sh -c} script with positional arguments, as root. */
    public Command rootScript(String script, String... args) {
        return asRoot(script(script, args).argv()).withTimeout(SHORT);
    }

    public CommandResult execute(Command command, OutputListener listener) {
        return shell.execute(command, listener);
    }

    /**
     * Checks that a directory a script reported is the fresh {@code prefix*} directory directly
     * under {@code base} (and not stray output), before anything is written to or removed from it.
     */
    public static void requireChild(String dir, String base, String prefix, String where) {
        String expected = base + "/" + prefix;
        if (!dir.startsWith(expected) || !dir.substring(expected.length()).matches("[A-Za-z0-9]+")) {
            throw new PxciException(ErrorCode.FAILED, "creating a private directory under " + base + " in " + where
                    + " printed '" + dir + "' instead of its path; nothing was staged");
        }
    }

    /** Runs {@code command}; a non-zero exit fails with {@code code}, saying {@code what} failed. */
    public CommandResult require(Command command, String what, ErrorCode code) {
        CommandResult result = shell.execute(command);
        if (!result.succeeded()) {
            throw new PxciException(code, what + " on " + shell.describe() + " failed (exit " + result.exitCode()
                    + result.signal().map(s -> ", signal " + s).orElse("") + "): "
                    + String.join(" | ", result.tail(TAIL)));
        }
        return result;
    }
}
