package dev.pxci.ports.configuration;

import dev.pxci.ports.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One converge: a local bundle (cookbooks or playbooks), what to run from it, and the attributes
 * it gets. Secret attributes are given apart so that the runner can keep them out of logs and
 * remove them from disk after the run.
 *
 * @param bundle local directory holding the cookbooks or playbooks
 * @param runList what to run ({@code recipe[config]}, or a playbook file name)
 * @param attributes plain attributes; keys may be dotted paths ({@code gitea.version})
 * @param secretAttributes secret attributes; keys may be dotted paths ({@code gitea.admin.password})
 * @param mode apply or dry run
 */
public record ConvergeRequest(
        Path bundle,
        List<String> runList,
        Map<String, String> attributes,
        Map<String, Secret> secretAttributes,
        ConvergeMode mode) {
    public ConvergeRequest {
        Objects.requireNonNull(bundle, "bundle");
        runList = List.copyOf(runList);
        attributes = Map.copyOf(attributes);
        secretAttributes = Map.copyOf(secretAttributes);
        Objects.requireNonNull(mode, "mode");
    }
}
