package dev.pxci.domain.fakes;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A recording stand-in for a container reached over SSH: answers the commands the bootstrap and
 * verify stages send from a small state (users, files with modes, authorised keys, services) and
 * records every command in order; for the engine's orchestration only (what happens inside a real
 * container is tested against one, in it-tests). Root may log in until the SSH hardening file exists; the service
 * user once its key is authorised.
 */
public final class FakeContainerShell implements ShellConnector {
    public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    public final Set<String> users = new HashSet<>(Set.of("root"));
    public final Map<String, String> files = new HashMap<>();
    public final Map<String, String> modes = new HashMap<>();
    public final Set<String> activeServices = new HashSet<>();
    public final List<String> logins = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Shell open(ShellTarget target) {
        boolean rootLocked = files.getOrDefault("/etc/ssh/sshd_config.d/00-pxci.conf", "").contains("PermitRootLogin no");
        boolean allowed = target.user().equals("root") ? !rootLocked
                : files.getOrDefault("/home/" + target.user() + "/.ssh/authorized_keys", "").contains("ssh-ed25519");
        if (!allowed) {
            throw new PxciException(ErrorCode.UNAUTHORIZED, "authentication refused for " + target);
        }
        logins.add(target.user());
        return new Session(target);
    }

    @Override
    public Shell openWhenReady(ShellTarget target, Duration deadline) {
        return open(target);
    }

    private final class Session implements Shell {
        private final ShellTarget target;

        Session(ShellTarget target) {
            this.target = target;
        }

        @Override
        public String describe() {
            return target.toString();
        }

        @Override
        public CommandResult execute(Command command, OutputListener listener) {
            List<String> argv = command.argv();
            if (argv.get(0).equals("sudo")) {
                argv = argv.subList(3, argv.size());
            }
            commands.add(String.join(" ", argv));
            String stdin = command.stdin().map(s -> s.reveal()).orElse("");
            String a0 = argv.get(0);
            switch (a0) {
                case "id":
                    return argv.get(1).equals("-un") ? ok(target.user() + "\n") : exit(users.contains(argv.get(2)) ? 0 : 1);
                case "useradd":
                    users.add(argv.get(argv.size() - 1));
                    return ok("");
                case "/usr/sbin/visudo":
                    return exit(files.get(argv.get(2)).contains("NOPASSWD") ? 0 : 1);
                case "mv":
                    files.put(argv.get(3), files.remove(argv.get(2)));
                    modes.put(argv.get(3), modes.remove(argv.get(2)));
                    return ok("");
                case "rm":
                    files.remove(argv.get(2));
                    return ok("");
                case "grep":
                    return exit(List.of(files.getOrDefault(argv.get(4), "").split("\n")).contains(stdin.strip()) ? 0 : 1);
                case "systemctl":
                    return activeServices.contains(argv.get(2)) ? ok("active\n") : new CommandResult(3, Optional.empty(),
                            "inactive\n", "", false, Duration.ZERO);
                case "testparm":
                    StringBuilder conf = new StringBuilder();
                    files.keySet().stream().filter(f -> f.startsWith("samba:")).forEach(f -> conf.append('[').append(f.substring(6)).append("]\n"));
                    return ok(conf.toString());
                case "/usr/sbin/sshd":
                    return ok("permitrootlogin no\npasswordauthentication no\nkbdinteractiveauthentication no\n");
                case "sh":
                    return shell(argv, stdin);
                default:
                    return exit(127);
            }
        }

        private CommandResult shell(List<String> argv, String stdin) {
            String script = argv.get(2);
            if (script.startsWith("cat \"$1\" 2>/dev/null && stat")) {
                String path = argv.get(4);
                return files.containsKey(path) ? ok(files.get(path) + modes.get(path) + "\n") : exit(1);
            }
            if (script.startsWith("umask 077 && mkdir")) {
                String mode = script.replaceAll(".*chmod (\\d+).*", "$1").replaceFirst("^0", "");
                files.put(argv.get(4), stdin);
                modes.put(argv.get(4), mode);
                return ok("");
            }
            if (script.startsWith("install -d")) {
                files.merge(argv.get(6), stdin, String::concat);
                return ok("");
            }
            if (script.startsWith("printf 'Include") || script.startsWith("systemctl restart")) {
                return ok("");
            }
            return exit(127);
        }

        @Override
        public void upload(Path source, String remotePath) {
            commands.add("upload " + source + " " + remotePath);
        }

        @Override
        public void download(String remotePath, Path target) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "not used");
        }

        @Override
        public void close() {
        }
    }

    private static CommandResult ok(String out) {
        return new CommandResult(0, Optional.empty(), out, "", false, Duration.ZERO);
    }

    private static CommandResult exit(int code) {
        return new CommandResult(code, Optional.empty(), "", "", false, Duration.ZERO);
    }
}
