package dev.pxci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pxci.domain.stage.ForgeValues;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline that {@code replicate} pushes needs to run pxci inside the container, and
 * nothing more, as Actions variables (plain, read back and compared) and secrets (write-only): the
 * Proxmox VE API as the containers reach it and its token, the deployment and the adapters this
 * run uses, the CI key pair and the known host keys for SSH into the containers, and, as one
 * secrets file ({@code PXCI_SECRETS}, flat JSON), the Gitea admin, the share password and every
 * bundle attribute. The recursion guard's variables are the replicate stage's.
 */
final class ReplicatedSettings implements ForgeValues {
    private static final String[] PROXMOX_PLAIN = {"proxmox.host", "proxmox.user", "proxmox.token", "proxmox.fingerprint"};
    private static final String[] GITEA_PLAIN = {"gitea.user", "gitea.author-email"};
    private static final String[] GITEA_SECRET = {"gitea.password", "gitea.token"};

    /** The run's shape the inner run repeats: the deployment and the adapters. */
    record Shape(Path config, String platform, String configurator, String transport) {
    }

    private final Map<String, String> fixedVariables = new LinkedHashMap<>();
    private final Map<String, Secret> fixedSecrets = new LinkedHashMap<>();
    private final Optional<Path> knownHosts;
    private final Optional<Path> privateKey;

    private ReplicatedSettings(Optional<Path> knownHosts, Optional<Path> privateKey) {
        this.knownHosts = knownHosts;
        this.privateKey = privateKey;
    }

    static ReplicatedSettings of(AdapterSettings settings, Path workingDirectory, Path project, Shape shape) {
        ReplicatedSettings out = new ReplicatedSettings(plain(settings, "ssh.known-hosts").map(workingDirectory::resolve),
                plain(settings, "ssh.private-key").map(workingDirectory::resolve));
        Map<String, String> v = out.fixedVariables;
        settings.value(HostKeys.REPLICATED_PROXMOX_URL).or(() -> plain(settings, "proxmox.url"))
                .ifPresent(url -> v.put("PROXMOX_URL", url));
        for (String key : PROXMOX_PLAIN) {
            plain(settings, key).ifPresent(value -> v.put(variableName(key), value));
        }
        settings.secret("proxmox.secret").ifPresent(value -> out.fixedSecrets.put("PROXMOX_SECRET", value));
        relative(project, workingDirectory.resolve(shape.config())).ifPresent(config -> v.put("PXCI_CONFIG", config));
        v.put("PXCI_PLATFORM", shape.platform());
        v.put("PXCI_CONFIGURATOR", shape.configurator());
        v.put("PXCI_TRANSPORT", shape.transport());
        settings.value(HostKeys.CI_PUBLIC_KEY).map(value -> PipelineConfig.publicKey(value, workingDirectory))
                .ifPresent(key -> v.put("SSH_PUBLIC_KEY", key));
        out.fixedSecrets.put("PXCI_SECRETS", Secret.of(secretsFile(settings)));
        return out;
    }

    /** The fixed variables and, as it is now, the known hosts file (the run adds the keys of containers it creates). */
    @Override
    public Map<String, String> variables() {
        Map<String, String> all = new LinkedHashMap<>(fixedVariables);
        // stripped, as a file written back from it ends in one line break and is read as the same value again
        knownHosts.filter(Files::isRegularFile).ifPresent(f -> all.put("SSH_KNOWN_HOSTS",
                InputFile.read(f, "ssh.known-hosts file").strip()));
        return all;
    }

    @Override
    public Map<String, Secret> secrets() {
        Map<String, Secret> all = new LinkedHashMap<>(fixedSecrets);
        privateKey.ifPresent(f -> all.put("SSH_PRIVATE_KEY", Secret.of(InputFile.read(f, "ssh.private-key file").strip())));
        return all;
    }

    /** The inner run's secrets file: flat JSON, keys as the settings and attributes are named. */
    private static String secretsFile(AdapterSettings settings) {
        ObjectNode file = new ObjectMapper().createObjectNode();
        for (String key : GITEA_PLAIN) {
            plain(settings, key).ifPresent(v -> file.put(key, v));
        }
        for (String key : GITEA_SECRET) {
            settings.secret(key).ifPresent(v -> file.put(key, v.reveal()));
        }
        settings.secret(HostKeys.SHARE_PASSWORD.name()).ifPresent(v -> file.put(HostKeys.SHARE_PASSWORD.name(), v.reveal()));
        settings.plainAttributes().forEach(file::put);
        settings.secretAttributes().forEach((k, v) -> file.put(k, v.reveal()));
        return file.toString();
    }

    private static Optional<String> plain(AdapterSettings settings, String key) {
        return settings.value(ConfigKey.plain(key, ""));
    }

    private static String variableName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The deployment's path inside the project, as the replicated checkout has it; nothing when it
     * lies outside (the pipeline there then says that {@code PXCI_CONFIG} is not set).
     */
    private static Optional<String> relative(Path project, Path config) {
        Path root = project.toAbsolutePath().normalize();
        Path file = config.toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            return Optional.empty();
        }
        String relative = root.relativize(file).toString();
        return Optional.of(relative.isEmpty() ? "." : relative);
    }
}
