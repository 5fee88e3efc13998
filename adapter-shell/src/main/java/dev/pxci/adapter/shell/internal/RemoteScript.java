package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.ShellQuoting;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How a {@link Command} travels over an SSH exec channel without putting anything but a fixed
 * loader on the remote command line.
 *
 * <p>The exec request is {@code sh -c '<loader>'}. The loader reads lines from standard input up
 * to a per-run marker line, then evaluates them. Those lines are the {@link #prelude()}: they report
 * the process id on standard error, export the plain and secret environment, change directory and
 * {@code exec} the quoted argument list. Whatever follows the marker on standard input is the
 * command's own input: the shell's {@code read} takes a pipe one byte at a time, so nothing beyond
 * the marker is consumed. Secret values therefore exist only in the channel's data stream, in the
 * loader's memory and in the command's environment, never in any process's argument list (which
 * every user of the machine can read through {@code ps} or {@code /proc/PID/cmdline}).
 *
 * <p>OpenSSH servers usually refuse the SSH {@code env} request ({@code AcceptEnv}), which is why
 * the environment is not sent that way.
 */
public final class RemoteScript {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Exit status of the loader when standard input ended before the marker: nothing was run. */
    public static final int INCOMPLETE_EXIT = 125;
    /** Exit status when the working directory cannot be entered. */
    public static final int NO_DIRECTORY_EXIT = 126;

    private final String marker;
    private final String prelude;

    private RemoteScript(String marker, String prelude) {
        this.marker = marker;
        this.prelude = prelude;
    }

    public static RemoteScript of(Command command) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String marker = "pxci-" + HexFormat.of().formatHex(nonce);
        StringBuilder script = new StringBuilder();
        script.append("printf '%s %s\\n' ").append(marker).append(" \"$$\" >&2\n");
        exportAll(script, command.environment());
        command.secretEnvironment().forEach((name, value) -> export(script, name, value.reveal()));
        command.workingDirectory().ifPresent(dir ->
                script.append("cd -- ").append(ShellQuoting.quote(dir)).append(" || exit ").append(NO_DIRECTORY_EXIT)
                        .append('\n'));
        script.append("exec ").append(ShellQuoting.join(command.argv())).append('\n');
        return new RemoteScript(marker, script.toString());
    }

    /** The exec request: a fixed loader and the marker, nothing from the command. */
    public String commandLine() {
        String loader = "s=; while IFS= read -r l; do"
                + " if [ \"$l\" = " + marker + " ]; then eval \"$s\"; exit " + INCOMPLETE_EXIT + "; fi;"
                + " s=\"$s$l\n\"; done; exit " + INCOMPLETE_EXIT;
        return ShellQuoting.join(List.of("sh", "-c", loader));
    }

    /** What goes on standard input before the command's own input: the script and the marker line. */
    public byte[] prelude() {
        return (prelude + marker + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The process id, when {@code line} is the report the script writes first on standard error. */
    public OptionalLong processIdFrom(String line) {
        String prefix = marker + " ";
        if (!line.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(line.substring(prefix.length()).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * A command line that stops the process tree rooted at {@code pid}: every descendant is found
     * through {@code /proc}, the whole tree is stopped (so nothing forks while it is collected
     * again) and then killed.
     */
    public static String killTreeCommandLine(long pid) {
        String script = "tree() { all=\" $1 \"; grown=1; while [ $grown = 1 ]; do grown=0;"
                + " for f in /proc/[0-9]*/stat; do { read -r st < \"$f\"; } 2>/dev/null || continue;"
                + " p=${f#/proc/}; p=${p%/stat}; set -- ${st##*\") \"};"
                + " case \"$all\" in *\" $2 \"*) case \"$all\" in *\" $p \"*) ;; *) all=\"$all$p \"; grown=1;; esac;; esac;"
                + " done; done; echo $all; };"
                + " t=$(tree " + pid + "); kill -STOP $t 2>/dev/null;"
                + " t=$(tree " + pid + "); kill -STOP $t 2>/dev/null; kill -KILL $t 2>/dev/null; exit 0";
        return ShellQuoting.join(List.of("sh", "-c", script));
    }

    private static void exportAll(StringBuilder script, Map<String, String> environment) {
        environment.forEach((name, value) -> export(script, name, value));
    }

    private static void export(StringBuilder script, String name, String value) {
        script.append("export ").append(name).append('=').append(ShellQuoting.quote(value)).append('\n');
    }
}
