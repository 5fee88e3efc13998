package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Ansible platform adapter's settings: the API endpoint, the base playbook's directory, and
 * how long a playbook run and one Proxmox task may take.
 *
 * @param endpoint the Proxmox VE API
 * @param playbookDirectory the directory holding {@code default.yml} and {@code roles/base}
 * @param timeout deadline of one {@code ansible-playbook} run; its process tree is killed after it
 * @param taskTimeout how long the module waits for one Proxmox task
 */
public record PlatformSettings(ProxmoxEndpoint endpoint, Path playbookDirectory, Duration timeout, Duration taskTimeout) {
    public static final String PLAYBOOK_DIR = "ansible.playbook-dir";
    /** Read by both ansible factories: the platform's and the configuration runner's playbook runs. */
    public static final Setting<Duration> TIMEOUT = Setting.duration("ansible.timeout",
            "deadline of one ansible-playbook run, after which its process tree is killed", Duration.ofMinutes(30));
    public static final Setting<Duration> TASK_TIMEOUT = Setting.duration("ansible.task-timeout",
            "how long the module waits for one Proxmox task", Duration.ofMinutes(5));
    public static final String PLAYBOOK = "default.yml";
    private static final Path REPOSITORY_PATH = Path.of("infra", "base");
    private static final int SEARCH_DEPTH = 8;

    public PlatformSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(playbookDirectory, "playbookDirectory");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(taskTimeout, "taskTimeout");
    }

    public static PlatformSettings from(AdapterConfig config) {
        Path dir = config.get(PLAYBOOK_DIR).map(d -> Path.of(d.strip()).toAbsolutePath())
                .or(() -> findInRepository(Path.of(System.getProperty("user.dir"))))
                .or(() -> ownLocation().flatMap(PlatformSettings::findInRepository))
                .orElseThrow(() -> new PxciException(ErrorCode.INVALID_INPUT, "setting '" + PLAYBOOK_DIR + "' is required: no"
                        + " infra/base/" + PLAYBOOK + " was found from " + System.getProperty("user.dir")
                        + " or from the adapter's jar upwards",
                        "set " + PLAYBOOK_DIR + " to the directory of the base playbook (pxci's infra/base)"));
        if (!Files.isRegularFile(dir.resolve(PLAYBOOK)) || !Files.isDirectory(dir.resolve("roles").resolve("base"))) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "'" + PLAYBOOK_DIR + "' names " + dir + ", which holds no "
                    + PLAYBOOK + " with roles/base", "point it at pxci's infra/base");
        }
        return new PlatformSettings(ProxmoxEndpoint.from(config), dir, positive(config, TIMEOUT),
                positive(config, TASK_TIMEOUT));
    }

    /** {@code infra/base} of the repository that contains {@code start} (or one of its parents). */
    public static Optional<Path> findInRepository(Path start) {
        Path dir = start.toAbsolutePath();
        for (int i = 0; i < SEARCH_DEPTH && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve(REPOSITORY_PATH);
            if (Files.isRegularFile(candidate.resolve(PLAYBOOK))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Where this adapter's classes are (pxci's jar inside a repository checkout, usually). */
    private static Optional<Path> ownLocation() {
        try {
            java.security.CodeSource source = PlatformSettings.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    public Path playbook() {
        return playbookDirectory.resolve(PLAYBOOK);
    }

    static Duration positive(AdapterConfig config, Setting<Duration> setting) {
        Duration d = setting.from(config);
        if (d.isNegative() || d.isZero()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + setting.name() + "' must be a positive duration, was " + d);
        }
        return d;
    }
}
