package dev.pxci.domain.stage;

import dev.pxci.ports.Secret;
import dev.pxci.ports.configuration.ToolRequirement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the in-container stages need beyond the declaration: who to log in as, which key to
 * authorise, which configuration tool version to install, the bundles to converge, and what to
 * replicate into the container's forge.
 *
 * @param serviceUser the unprivileged user pxci logs in as once bootstrapped (the seed's {@code config})
 * @param sshPort the container's SSH port
 * @param ciPublicKey the CI's OpenSSH public key, authorised for the service user
 * @param tool the configuration tool version to install, when one is required
 * @param bundles the directory holding the cookbooks or playbooks ({@code infra})
 * @param project the tree replicated into the container's forge
 * @param base the provisioning tree pushed as the {@code base} repository, when there is one
 * @param repository the repository the project is replicated into
 * @param organisation the forge organisation (the seed's {@code srv})
 * @param attributes plain attributes for every converge
 * @param secretAttributes secret attributes for every converge
 * @param forge the Actions variables and secrets put on the organisation, read when a stage needs them
 * @param guard the recursion guard for self-replication
 * @param runDeadline how long {@code replicate} follows the pipeline run it triggered; zero: not at all
 */
public record PipelineSettings(
        String serviceUser,
        int sshPort,
        Optional<String> ciPublicKey,
        Optional<ToolRequirement> tool,
        Optional<Path> bundles,
        Optional<Path> project,
        Optional<Path> base,
        String repository,
        String organisation,
        Map<String, String> attributes,
        Map<String, Secret> secretAttributes,
        ForgeValues forge,
        RecursionGuard guard,
        Duration runDeadline) {

    /** Service user {@code config}, port 22, organisation {@code srv}, depth limit 1, nothing else set. */
    public static final PipelineSettings DEFAULTS = new PipelineSettings("config", 22, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), "pxci", "srv", Map.of(), Map.of(), ForgeValues.NONE,
            new RecursionGuard(0, 1, Optional.empty()), Duration.ofMinutes(30));

    public PipelineSettings {
        Objects.requireNonNull(serviceUser, "serviceUser");
        Objects.requireNonNull(ciPublicKey, "ciPublicKey");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(bundles, "bundles");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(organisation, "organisation");
        attributes = Map.copyOf(attributes);
        secretAttributes = Map.copyOf(secretAttributes);
        Objects.requireNonNull(forge, "forge");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(runDeadline, "runDeadline");
    }

    public PipelineSettings withCiPublicKey(String key) {
        return new PipelineSettings(serviceUser, sshPort, Optional.of(key), tool, bundles, project, base, repository, organisation, attributes,
                secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withTool(ToolRequirement requirement) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, Optional.of(requirement), bundles, project, base,
                repository, organisation, attributes, secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withBundles(Path directory) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, Optional.of(directory), project, base, repository, organisation,
                attributes, secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withProject(Path tree) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, Optional.of(tree), base, repository, organisation,
                attributes, secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withBase(Path tree) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, Optional.of(tree), repository, organisation,
                attributes, secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withRepository(String name) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, base, name, organisation,
                attributes, secretAttributes, forge, guard, runDeadline);
    }

    public PipelineSettings withForge(Map<String, String> variables, Map<String, Secret> secrets) {
        return withForge(ForgeValues.of(variables, secrets));
    }

    public PipelineSettings withForge(ForgeValues values) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, base, repository, organisation, attributes,
                secretAttributes, values, guard, runDeadline);
    }

    /** The Actions variables put on the organisation, as they are now. */
    public Map<String, String> forgeVariables() {
        return forge.variables();
    }

    /** The Actions secrets put on the organisation, as they are now. */
    public Map<String, Secret> forgeSecrets() {
        return forge.secrets();
    }

    public PipelineSettings withAttributes(Map<String, String> plain, Map<String, Secret> secrets) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, base, repository, organisation, plain, secrets,
                forge, guard, runDeadline);
    }

    public PipelineSettings withGuard(RecursionGuard newGuard) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, base, repository, organisation, attributes,
                secretAttributes, forge, newGuard, runDeadline);
    }

    public PipelineSettings withRunDeadline(Duration deadline) {
        return new PipelineSettings(serviceUser, sshPort, ciPublicKey, tool, bundles, project, base, repository, organisation,
                attributes, secretAttributes, forge, guard, deadline);
    }
}
