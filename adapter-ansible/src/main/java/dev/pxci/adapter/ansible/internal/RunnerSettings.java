package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Ansible configuration runner reaches a container: the private key (a path; the key itself
 * is never read or copied by pxci), the known_hosts file host keys are checked against, and the
 * deadline of one run.
 */
public record RunnerSettings(Optional<Path> privateKey, Path knownHosts, Duration timeout) {
    public static final String PRIVATE_KEY = "ansible.ssh-private-key";
    public static final String KNOWN_HOSTS = "ansible.known-hosts";

    public RunnerSettings {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static RunnerSettings from(AdapterConfig config) {
        Optional<Path> key = config.get(PRIVATE_KEY).map(k -> expandHome(k.strip()));
        key.ifPresent(k -> {
            if (!Files.isReadable(k)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "'" + PRIVATE_KEY + "' names " + k + ", which cannot be read");
            }
        });
        Optional<Path> given = config.get(KNOWN_HOSTS).map(k -> expandHome(k.strip()));
        Path knownHosts = given.orElse(defaultKnownHosts());
        // a file named on purpose must exist now; the default one only when a converge needs it
        if (given.isPresent() && !knownHosts.equals(defaultKnownHosts())) {
            requireReadable(knownHosts);
        }
        return new RunnerSettings(key, knownHosts, PlatformSettings.positive(config, PlatformSettings.TIMEOUT));
    }

    /** Host keys are always checked: a converge without a readable known_hosts file cannot start. */
    public void requireKnownHosts() {
        requireReadable(knownHosts);
    }

    private static void requireReadable(Path knownHosts) {
        if (!Files.isReadable(knownHosts)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the known_hosts file " + knownHosts + " cannot be read; host keys"
                    + " are always checked", "set " + KNOWN_HOSTS + " to a file that holds the container's host key");
        }
    }

    private static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    private static Path expandHome(String path) {
        return (path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path))
                .toAbsolutePath();
    }
}
