package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.shell.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the Proxmox VE API through Ansible: a small bundled playbook GETs a list of paths with
 * {@code ansible.builtin.uri}, which every ansible-core has, so reading does not depend on which
 * Proxmox info modules the installed collection offers. The token reaches the playbook only
 * through the run's 0600 variables file; the request task is {@code no_log}.
 */
public final class ApiReader implements AutoCloseable {
    private static final String PLAYBOOK = "read-api.yml";
    private static final String ANSWERS_TASK = "Answers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

    private final PlaybookRunner runner;
    private final ProxmoxEndpoint endpoint;
    private final TrustAnchor trust;
    private final Duration timeout;
    private final OutputListener progress;
    private final Path directory;

    public ApiReader(PlaybookRunner runner, ProxmoxEndpoint endpoint, TrustAnchor trust, Duration timeout,
            OutputListener progress) {
        this.runner = runner;
        this.endpoint = endpoint;
        this.trust = trust;
        this.timeout = timeout;
        this.progress = progress;
        this.directory = extractPlaybook();
    }

    /** GETs every path in one run; fails when a path could not be read at all, except for "does not exist". */
    public List<ApiAnswer> get(String purpose, List<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        ExtraVars vars = new ExtraVars()
                .put("pxci_api_url", endpoint.apiUrl())
                .put("pxci_api_authorization", endpoint.authorization())
                // unused by the playbook: listed so that output is scrubbed of the bare secret as well
                .put("pxci_api_secret", endpoint.secret())
                .put("pxci_validate_certs", !endpoint.insecure())
                .put("pxci_ca_file", trust.caFile().map(Path::toString).orElse(""))
                .put("pxci_http_timeout", HTTP_TIMEOUT.toSeconds())
                .put("pxci_reads", paths);
        PlaybookResult result = runner.run(new PlaybookInvocation(purpose, directory, List.of(directory.resolve(PLAYBOOK)),
                Inventory.localhost(), vars, false, List.of(), Map.of(), timeout), progress);
        if (!result.succeeded()) {
            throw AnsibleProblems.failure(purpose, result, FailureTranslator.NONE);
        }
        JsonNode answers = result.lastResultOf(ANSWERS_TASK).map(r -> r.result().path("msg")).orElse(NullNode.getInstance());
        if (answers.isTextual()) {
            try {
                answers = JSON.readTree(answers.asText());
            } catch (IOException e) {
                throw new PxciException(ErrorCode.FAILED, purpose + ": the read playbook printed no readable answers", null, e);
            }
        }
        if (!answers.isArray() || answers.size() != paths.size()) {
            throw new PxciException(ErrorCode.FAILED, purpose + ": the read playbook answered " + answers.size() + " of "
                    + paths.size() + " reads");
        }
        List<ApiAnswer> out = new ArrayList<>();
        for (JsonNode a : answers) {
            String failure = a.path("msg").asText("");
            String message = a.path("message").asText("");
            if (!message.isBlank() && !failure.contains(message.strip())) {
                failure = failure.isEmpty() ? message.strip() : failure + " (" + message.strip() + ")";
            }
            ApiAnswer answer = new ApiAnswer(a.path("path").asText(), a.path("status").asInt(-1), failure,
                    a.hasNonNull("data") ? a.get("data") : NullNode.getInstance());
            if (!answer.ok() && !answer.missing()) {
                throw error(purpose, answer);
            }
            out.add(answer);
        }
        return out;
    }

    /** GETs one path that must exist. */
    public JsonNode getOne(String purpose, String path) {
        ApiAnswer answer = get(purpose, List.of(path)).get(0);
        if (answer.missing()) {
            throw new PxciException(ErrorCode.NOT_FOUND, purpose + ": " + answer.failure());
        }
        return answer.data();
    }

    private PxciException error(String purpose, ApiAnswer answer) {
        String what = purpose + ": GET " + answer.path() + " answered " + (answer.status() < 0 ? "nothing" : answer.status())
                + ": " + answer.failure();
        if (answer.status() < 0) {
            if (answer.failure().contains("CERTIFICATE_VERIFY_FAILED") || answer.failure().contains("certificate")) {
                return new PxciException(ErrorCode.FAILED, what, "the node's certificate is not trusted: give its CA with "
                        + ProxmoxEndpoint.CA_FILE + " (on a node: /etc/pve/pve-root-ca.pem), or pin a self-signed one with "
                        + ProxmoxEndpoint.FINGERPRINT);
            }
            return new PxciException(ErrorCode.TRANSIENT, what, "check that " + endpoint.apiUrl() + " is reachable from here");
        }
        return switch (answer.status()) {
            case 401 -> new PxciException(ErrorCode.UNAUTHORIZED, what, "check " + ProxmoxEndpoint.TOKEN + " ("
                    + endpoint.tokenId() + ") and " + ProxmoxEndpoint.SECRET);
            case 403 -> new PxciException(ErrorCode.FORBIDDEN, what, "grant the token the privilege named above, or turn off"
                    + " its privilege separation");
            case 400 -> new PxciException(ErrorCode.INVALID_INPUT, what);
            default -> answer.status() >= 500
                    ? new PxciException(ErrorCode.TRANSIENT, what)
                    : new PxciException(ErrorCode.FAILED, what);
        };
    }

    private static Path extractPlaybook() {
        try {
            Path dir = Files.createTempDirectory("pxci-ansible-read-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (InputStream in = ApiReader.class.getResourceAsStream("/dev/pxci/adapter/ansible/" + PLAYBOOK)) {
                if (in == null) {
                    throw new IOException(PLAYBOOK + " is missing from the adapter's jar");
                }
                Files.copy(in, dir.resolve(PLAYBOOK), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot unpack the adapter's read playbook: " + e.getMessage(), null, e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(directory.resolve(PLAYBOOK));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a leftover copy of a public, secret-free playbook in a private directory
        }
    }
}
