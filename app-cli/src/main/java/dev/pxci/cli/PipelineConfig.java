package dev.pxci.cli;

import dev.pxci.domain.stage.PipelineSettings;
import dev.pxci.domain.stage.RecursionGuard;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the {@link PipelineSettings} from the host settings: the CI key, the tool to install,
 * the bundles ({@code infra/} of the project), the project to replicate, the Actions variables and
 * secrets the replicated pipeline needs, and the recursion guard.
 */
final class PipelineConfig {
    private static final Pattern GITEA_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private PipelineConfig() {
    }

    static PipelineSettings read(AdapterSettings settings, Path workingDirectory, ReplicatedSettings.Shape shape) {
        Path project = settings.value(HostKeys.PROJECT).map(workingDirectory::resolve).orElse(workingDirectory).normalize();
        PipelineSettings s = PipelineSettings.DEFAULTS.withProject(project)
                .withRepository(giteaName(settings, HostKeys.REPOSITORY, 100));
        String organisation = giteaName(settings, HostKeys.ORGANISATION, 40);
        Path infra = project.resolve("infra");
        if (Files.isDirectory(infra)) {
            s = s.withBundles(infra);
        }
        if (Files.isDirectory(infra.resolve("base"))) {
            s = s.withBase(infra.resolve("base"));
        }
        Optional<String> key = settings.value(HostKeys.CI_PUBLIC_KEY).map(v -> publicKey(v, workingDirectory));
        if (key.isPresent()) {
            s = s.withCiPublicKey(key.get());
        }
        Optional<String> version = settings.value(HostKeys.TOOL_VERSION);
        if (version.isPresent()) {
            s = s.withTool(new ToolRequirement(version.get(), settings.value(HostKeys.TOOL_URL), settings.value(HostKeys.TOOL_SHA256),
                    settings.value(HostKeys.TOOL_FILE).map(workingDirectory::resolve)));
        }
        s = s.withForge(ReplicatedSettings.of(settings, workingDirectory, project, shape));
        Map<String, String> attributes = new LinkedHashMap<>(settings.plainAttributes());
        Map<String, Secret> secretAttributes = new LinkedHashMap<>(settings.secretAttributes());
        settings.value(ConfigKey.plain("gitea.user", "")).ifPresent(u -> attributes.putIfAbsent("config.admin.user", u));
        settings.value(ConfigKey.plain("gitea.author-email", "")).ifPresent(m -> attributes.putIfAbsent("config.admin.email", m));
        settings.secret("gitea.password").ifPresent(p -> secretAttributes.putIfAbsent("config.admin.password", p));
        String serviceUser = s.serviceUser();
        settings.secret(HostKeys.SHARE_PASSWORD.name())
                .ifPresent(p -> secretAttributes.putIfAbsent("share.users." + serviceUser + ".password", p));
        s = s.withAttributes(attributes, secretAttributes);
        RecursionGuard guard = new RecursionGuard(number(settings, HostKeys.DEPTH), number(settings, HostKeys.MAX_DEPTH),
                settings.value(HostKeys.SELF));
        return new PipelineSettings(s.serviceUser(), s.sshPort(), s.ciPublicKey(), s.tool(), s.bundles(), s.project(), s.base(),
                s.repository(), organisation, s.attributes(), s.secretAttributes(), s.forge(), guard, follow(settings, s.runDeadline()));
    }

    /** {@code replicate.follow}: a duration, or {@code no} (zero: the run is not followed). */
    private static Duration follow(AdapterSettings settings, Duration otherwise) {
        Optional<String> follow = settings.value(HostKeys.FOLLOW).map(String::strip);
        if (follow.isEmpty()) {
            return otherwise;
        }
        if (follow.get().equalsIgnoreCase("no")) {
            return Duration.ZERO;
        }
        return new AdapterConfig(Map.of(HostKeys.FOLLOW.name(), follow.get()), Map.of())
                .getDuration(HostKeys.FOLLOW.name(), otherwise);
    }

    /** An organisation or repository name as Gitea accepts it (its AlphaDashDot rule and length limit). */
    private static String giteaName(AdapterSettings settings, ConfigKey key, int maxLength) {
        String name = settings.value(key).or(key::defaultValue).orElseThrow().strip();
        if (!GITEA_NAME.matcher(name).matches() || name.equals(".") || name.equals("..") || name.length() > maxLength) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key.name() + "' has the value '" + name
                    + "', which is not a name Gitea accepts: letters, digits, '-', '_' and '.', at most " + maxLength
                    + " characters");
        }
        return name;
    }

    private static int number(AdapterSettings settings, ConfigKey key) {
        String raw = settings.value(key).or(key::defaultValue).orElseThrow();
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key.name() + "' has the value '" + raw
                + "', which is not a whole number of 0 or more");
    }

    static String publicKey(String value, Path workingDirectory) {
        String v = value.strip();
        if (v.startsWith("ssh-") || v.startsWith("ecdsa-")) {
            return v;
        }
        if (v.contains("PRIVATE KEY")) {
            // never repeated, not even in part: the value is the secret half of a key pair
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting 'ssh.public-key' holds a private key",
                    "give the public key (ssh-ed25519 AAAA...) or the path of its .pub file; keep the private key in"
                            + " ssh.private-key, as a file");
        }
        if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
            throw notAPublicKey();
        }
        Path file = workingDirectory.resolve(v);
        String key = InputFile.read(file, "ssh.public-key file").strip();
        if (key.startsWith("ssh-") || key.startsWith("ecdsa-")) {
            return key;
        }
        throw notAPublicKey();
    }

    private static PxciException notAPublicKey() {
        return new PxciException(ErrorCode.INVALID_INPUT, "setting 'ssh.public-key' is neither an OpenSSH public key"
                + " nor a file holding one", "give the key (ssh-ed25519 AAAA...) or the path of its .pub file");
    }
}
