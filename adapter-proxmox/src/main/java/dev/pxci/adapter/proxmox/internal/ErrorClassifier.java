package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a Proxmox VE error answer into an {@link ApiError}. Proxmox reports most conditions as a
 * 500 whose text is the only discriminator ("does not exist", "already exists", "CT is locked
 * (...)", "got timeout"), so the status and the text are read together.
 */
final class ErrorClassifier {
    private static final Pattern CONTAINER_PATH = Pattern.compile("^/nodes/([^/]+)/lxc/(\\d+)(?:/.*)?$");
    private static final Pattern CREATE_PATH = Pattern.compile("^/nodes/([^/]+)/lxc$");
    private static final Pattern NODE_PATH = Pattern.compile("^/nodes/([^/]+)(?:/.*)?$");
    private static final Pattern LOCK_NAME = Pattern.compile("CT is locked \\(([^)]+)\\)");

    private ErrorClassifier() {
    }

    /**
     * @param call {@code METHOD /path} for the message
     * @param path the API path (used to name the container in hints)
     * @param vmidParam the {@code vmid} form field, when the container id is not in the path (create)
     * @param text the body's {@code message}, else the reason phrase
     * @param identity who is authenticated, for permission messages
     * @param tokenAuth whether an API token is used
     * @param redact removes secret values from anything the server echoed
     */
    static ApiError classify(String call, String path, Optional<String> vmidParam, int status, String text,
            Map<String, String> fieldErrors, String identity, boolean tokenAuth, UnaryOperator<String> redact) {
        String said = redact.apply(firstLines(text));
        Map<String, String> errors = new TreeMap<>();
        fieldErrors.forEach((k, v) -> errors.put(k, redact.apply(v.trim())));
        String full = said + (errors.isEmpty() ? "" : " " + errors.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ", "(", ")")));
        String message = "Proxmox VE answered " + status + " to " + call + ": " + (full.isBlank() ? "(no message)" : full);
        Optional<Container> target = target(path, vmidParam);
        ErrorCode code;
        String hint = null;
        String all = said + " " + String.join(" ", errors.values());
        if (status == 401) {
            code = ErrorCode.UNAUTHORIZED;
            message += tokenAuth ? " (API token " + identity + ")" : " (user " + identity + ")";
            hint = tokenAuth
                    ? "check that API token " + identity + " exists and has not expired (pveum user token list "
                            + identity.substring(0, Math.max(0, identity.indexOf('!'))) + ") and that proxmox.secret is its secret"
                    : "check proxmox.user (" + identity + ") and proxmox.password";
        } else if (status == 403) {
            code = ErrorCode.FORBIDDEN;
            hint = needsRootTicket(all)
                    ? "this needs a root@pam ticket, which no API token can be, not even root@pam's: set proxmox.user=root@pam"
                            + " and proxmox.password instead of proxmox.token, or drop the setting that needs it"
                    : "grant " + identity + " the privilege named above (pveum acl modify)";
        } else if (all.contains("does not exist")) {
            code = ErrorCode.NOT_FOUND;
        } else if (all.contains("no such resource '")) {
            code = ErrorCode.NOT_FOUND;
            hint = "the guest is not managed by HA (ha-manager status lists what is)";
        } else if (all.contains("already exists")) {
            code = ErrorCode.CONFLICT;
        } else if (all.contains("CT is locked (")) {
            code = ErrorCode.LOCKED;
            Matcher lock = LOCK_NAME.matcher(all);
            String lockName = lock.find() ? lock.group(1) : "unknown";
            hint = target.map(t -> "wait for the '" + lockName + "' operation on CT " + t.vmid() + " to end; if no task is running"
                    + " for it, the lock is stale and only 'pct unlock " + t.vmid() + "' on node " + t.node() + " clears it")
                    .orElse("wait for the running operation to end; a stale lock is cleared with 'pct unlock <vmid>' on the node");
        } else if (all.contains("can't lock file") || all.contains("got timeout")) {
            code = ErrorCode.LOCKED;
            hint = "another operation held the lock for too long; retry when it has finished";
        } else if (all.contains("detected modified configuration")) {
            code = ErrorCode.CONFLICT;
            hint = "the configuration was changed by someone else; observe it again and re-plan";
        } else if (all.contains("unable to modify read-only option")) {
            code = ErrorCode.INVALID_INPUT;
            hint = "this setting is fixed at creation; the container must be re-created to change it";
        } else if (all.contains("protection mode enabled")) {
            code = ErrorCode.FAILED;
            hint = target.map(t -> "turn protection off first: pct set " + t.vmid() + " --protection 0 on node " + t.node())
                    .orElse("turn the container's protection off first");
        } else if (all.contains("already running") || all.contains("not running") || all.contains("container is running")) {
            code = ErrorCode.FAILED;
            hint = "the container is not in the power state this operation needs";
        } else if (all.contains("only allowed for root@pam") || all.contains("not available with API token")) {
            code = ErrorCode.FORBIDDEN;
            hint = "this needs a root@pam ticket: set proxmox.user=root@pam and proxmox.password instead of proxmox.token";
        } else if (status == 400) {
            code = ErrorCode.INVALID_INPUT;
        } else if (status == 404) {
            code = ErrorCode.NOT_FOUND;
        } else if (status == 501) {
            code = ErrorCode.UNSUPPORTED;
            hint = "this Proxmox VE version does not offer that call";
        } else if (status >= 595 && status <= 599) {
            code = ErrorCode.TRANSIENT;
            hint = node(path).map(node -> "the API proxy could not reach node " + node + "; check that it is online (pvecm status)"
                    + " and that '" + node + "' is the exact cluster member name")
                    .orElse("the API proxy could not reach the node that serves this call; check the cluster with pvecm status");
        } else if (all.contains("got no worker upid")) {
            code = ErrorCode.TRANSIENT;
            hint = "the node could not start a worker; this passes once it has capacity again";
        } else if (status >= 502 && status <= 504) {
            code = ErrorCode.TRANSIENT;
        } else if (status >= 500) {
            // an unknown server error is final: repeating it would only hide it for seconds
            code = ErrorCode.FAILED;
        } else {
            code = ErrorCode.INVALID_INPUT;
        }
        return new ApiError(code, message, hint, status, said, errors, false, null);
    }

    private static boolean needsRootTicket(String text) {
        return text.contains("only allowed for root@pam") || text.contains("not available with API token")
                || text.contains("only root is allowed") || text.contains("need proper ticket");
    }

    /** Proxmox's reason phrase is the first line of the message; keep messages short but whole. */
    private static String firstLines(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        return trimmed.length() > 2000 ? trimmed.substring(0, 2000) + "..." : trimmed;
    }

    private record Container(String node, String vmid) {
    }

    private static Optional<String> node(String path) {
        Matcher m = NODE_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<Container> target(String path, Optional<String> vmidParam) {
        Matcher m = CONTAINER_PATH.matcher(path);
        if (m.matches()) {
            return Optional.of(new Container(m.group(1), m.group(2)));
        }
        Matcher create = CREATE_PATH.matcher(path);
        if (create.matches() && vmidParam.isPresent()) {
            return Optional.of(new Container(create.group(1), vmidParam.get()));
        }
        return Optional.empty();
    }
}
