package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Which Proxmox LXC module the installed collections provide and what it can do, read from the
 * installation itself ({@code ansible-doc} for the module's options, {@code ansible-galaxy} for the
 * collection's version). The candidates are tried in the order the base role's
 * {@code meta/main.yml} lists its collections: community.proxmox, then community.general.
 *
 * @param module the module's full name ({@code community.general.proxmox})
 * @param collection its collection
 * @param collectionVersion the collection's installed version, or {@code unknown}
 * @param options the module's option names
 */
public record ModuleSupport(String module, String collection, String collectionVersion, Set<String> options) {
    static final List<String> CANDIDATES = List.of("community.proxmox.proxmox", "community.general.proxmox");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    public ModuleSupport {
        options = Set.copyOf(options);
    }

    /** Whether the module changes an existing container ({@code update}, community.general 8.1.0+). */
    public boolean canUpdate() {
        return options.contains("update");
    }

    /** Whether the module sets the start order ({@code startup}, community.general 8.5.0+). */
    public boolean canSetStartup() {
        return options.contains("startup");
    }

    /** "community.general 6.6.2" */
    public String describe() {
        return collection + " " + collectionVersion;
    }

    /** Reads what is installed next to {@code ansible-playbook}; {@code UNSUPPORTED} when no candidate is. */
    public static ModuleSupport detect(String ansiblePlaybook, Map<String, String> environment) {
        List<String> docArgs = new ArrayList<>(List.of(sibling(ansiblePlaybook, "ansible-doc"), "--json"));
        docArgs.addAll(CANDIDATES);
        JsonNode docs = runJson(docArgs, environment);
        for (String candidate : CANDIDATES) {
            JsonNode doc = docs.path(candidate).path("doc");
            if (doc.isMissingNode()) {
                continue;
            }
            Set<String> options = new TreeSet<>();
            doc.path("options").fieldNames().forEachRemaining(options::add);
            String collection = candidate.substring(0, candidate.lastIndexOf('.'));
            return new ModuleSupport(candidate, collection, collectionVersion(ansiblePlaybook, collection, environment), options);
        }
        throw new PxciException(ErrorCode.UNSUPPORTED, "no Proxmox LXC module is installed (looked for "
                + String.join(" and ", CANDIDATES) + ")", AnsibleProblems.DEBIAN_PACKAGE_HINT
                + "; or ansible-galaxy collection install community.proxmox");
    }

    private static String collectionVersion(String ansiblePlaybook, String collection, Map<String, String> environment) {
        JsonNode paths = runJson(List.of(sibling(ansiblePlaybook, "ansible-galaxy"), "collection", "list", collection,
                "--format", "json"), environment);
        Iterator<JsonNode> each = paths.elements();
        while (each.hasNext()) {
            JsonNode found = each.next().path(collection).path("version");
            if (found.isTextual()) {
                return found.asText();
            }
        }
        return "unknown";
    }

    /** {@code ansible-doc} next to {@code /usr/bin/ansible-playbook}, or on the PATH when that was a bare name. */
    static String sibling(String ansiblePlaybook, String tool) {
        Path path = Path.of(ansiblePlaybook);
        return path.getParent() == null ? tool : path.resolveSibling(tool).toString();
    }

    private static JsonNode runJson(List<String> argv, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw AnsibleProblems.notInstalled(argv.get(0), e);
        }
        try (InputStream out = process.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            out.transferTo(buffer);
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(process.toHandle());
                throw new PxciException(ErrorCode.TIMEOUT, argv.get(0) + " did not answer within " + TOOL_TIMEOUT.toSeconds() + " s");
            }
            String text = buffer.toString(StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot read what " + String.join(" ", argv) + " printed: " + e.getMessage(),
                    null, e);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, String.join(" ", argv) + ": cancelled");
        }
    }
}
