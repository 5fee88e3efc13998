package dev.pxci.domain.stage;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import java.util.List;

/**
 * One idempotent change inside a container: a check that reads, and a change made only when the
 * check fails. Commands run as root through {@link Login#privileged}; file contents travel on
 * standard input, never on a command line.
 */
interface RemoteStep {

    /** What the step guarantees, for reports ({@code service user config}). */
    String name();

    /** Whether the container already satisfies the step; reads only. */
    boolean satisfied(Login login);

    /** Makes the step hold. */
    void apply(Login login);

    /** A user exists, with a home directory and a group of its own. */
    static RemoteStep user(String user) {
        return new RemoteStep() {
            @Override
            public String name() {
                return "service user " + user;
            }

            @Override
            public boolean satisfied(Login login) {
                return run(login, Command.of("id", "-u", user)).succeeded();
            }

            @Override
            public void apply(Login login) {
                check(login, Command.of("useradd", "--create-home", "--user-group", "--shell", "/bin/bash", user), name());
            }
        };
    }

    /**
     * A file with exactly {@code content} and {@code mode}; written to a temporary name, checked
     * by {@code validate} (when given, with the temporary path appended), then renamed, then
     * {@code afterChange} runs (when given).
     */
    static RemoteStep file(String description, String path, String content, String mode, List<String> validate,
                           List<String> afterChange) {
        return new RemoteStep() {
            @Override
            public String name() {
                return description + " (" + path + ")";
            }

            @Override
            public boolean satisfied(Login login) {
                CommandResult r = run(login, Command.of("sh", "-c", "cat \"$1\" 2>/dev/null && stat -c '%a' \"$1\"", "sh", path));
                return r.succeeded() && r.stdout().equals(content + mode.replaceFirst("^0", "") + "\n");
            }

            @Override
            public void apply(Login login) {
                String tmp = path + ".pxci-new";
                check(login, Command.of("sh", "-c", "umask 077 && mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\" && chmod "
                        + mode + " \"$1\"", "sh", tmp).withStdin(Secret.of(content)), name());
                if (!validate.isEmpty()) {
                    List<String> argv = new java.util.ArrayList<>(validate);
                    argv.add(tmp);
                    CommandResult v = run(login, Command.of(argv));
                    if (!v.succeeded()) {
                        run(login, Command.of("rm", "-f", tmp));
                        throw new PxciException(ErrorCode.FAILED, name() + ": the new file did not validate: "
                                + String.join(" / ", v.tail(5)));
                    }
                }
                check(login, Command.of("mv", "-f", tmp, path), name());
                if (!afterChange.isEmpty()) {
                    check(login, Command.of(afterChange), name());
                }
            }
        };
    }

    /** A public key listed in a user's {@code authorized_keys}; other keys are left alone. */
    static RemoteStep authorizedKey(String user, String publicKey) {
        String dir = "/home/" + user + "/.ssh";
        String file = dir + "/authorized_keys";
        return new RemoteStep() {
            @Override
            public String name() {
                return "CI key authorised for " + user;
            }

            @Override
            public boolean satisfied(Login login) {
                return run(login, Command.of("grep", "-qxF", "-f", "/dev/stdin", file).withStdin(Secret.of(publicKey + "\n")))
                        .succeeded();
            }

            @Override
            public void apply(Login login) {
                check(login, Command.of("sh", "-c", "install -d -m 700 -o \"$1\" -g \"$1\" \"$2\" && cat >> \"$3\" && "
                                + "chown \"$1:$1\" \"$3\" && chmod 600 \"$3\"", "sh", user, dir, file)
                        .withStdin(Secret.of(publicKey + "\n")), name());
            }
        };
    }

    private static CommandResult run(Login login, Command command) {
        return login.shell().execute(login.privileged(command));
    }

    private static void check(Login login, Command command, String step) {
        CommandResult r = run(login, command);
        if (!r.succeeded()) {
            throw new PxciException(ErrorCode.FAILED, step + ": '" + command.display() + "' exited "
                    + r.exitCode() + ": " + String.join(" / ", r.tail(5)));
        }
    }
}
