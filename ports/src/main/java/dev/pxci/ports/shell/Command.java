package dev.pxci.ports.shell;

import dev.pxci.ports.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A command to run: an argument list (never a glued string; the shell adapter quotes it for the
 * remote side), plain and secret environment, an optional working directory, optional standard
 * input, and a timeout after which the process is killed. Secret values travel only in
 * {@code secretEnvironment} or {@code stdin}, never in {@code argv}; {@link #display()} is the form
 * that may be logged.
 */
public record Command(
        List<String> argv,
        Map<String, String> environment,
        Map<String, Secret> secretEnvironment,
        Optional<String> workingDirectory,
        Optional<Secret> stdin,
        Duration timeout) {

    /** The timeout used when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        environment = Map.copyOf(environment);
        secretEnvironment = Map.copyOf(secretEnvironment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** A command with no environment, no input and the default timeout. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of(), Map.of(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    /** A command from an argument list. */
    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), Map.of(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    public Command withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Command(argv, env, secretEnvironment, workingDirectory, stdin, timeout);
    }

    public Command withSecretEnvironment(String name, Secret value) {
        Map<String, Secret> env = new LinkedHashMap<>(secretEnvironment);
        env.put(name, value);
        return new Command(argv, environment, env, workingDirectory, stdin, timeout);
    }

    public Command inDirectory(String directory) {
        return new Command(argv, environment, secretEnvironment, Optional.of(directory), stdin, timeout);
    }

    public Command withStdin(Secret input) {
        return new Command(argv, environment, secretEnvironment, workingDirectory, Optional.of(input), timeout);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, environment, secretEnvironment, workingDirectory, stdin, newTimeout);
    }

    /** The loggable form: quoted argv, plain environment, secret names with {@code ***}. */
    public String display() {
        StringBuilder out = new StringBuilder();
        environment.forEach((k, v) -> out.append(k).append('=').append(ShellQuoting.quote(v)).append(' '));
        secretEnvironment.keySet().forEach(k -> out.append(k).append("=*** "));
        out.append(argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" ")));
        stdin.ifPresent(s -> out.append(" <<< ***"));
        return out.toString();
    }
}
