package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what went wrong around {@code ansible-playbook} into {@link PxciException}s that say what
 * happened and what to install or change.
 */
public final class AnsibleProblems {
    static final String DEBIAN_PACKAGE_HINT = "install the Debian package 'ansible' (apt-get install ansible), which brings"
            + " ansible-core with the community.general and ansible.posix collections";
    private static final Pattern UNRESOLVED_MODULE = Pattern.compile("couldn't resolve module/action '([^']+)'");
    /**
     * A Python library the module imports is missing: Ansible's own wording ({@code missing_required_lib}) and
     * proxmoxer's, whose HTTPS backend needs {@code requests} ("Chosen backend requires 'requests' module").
     */
    private static final Pattern MISSING_LIBRARY = Pattern.compile(
            "Failed to import the required Python library \\(([^)]+)\\)|requires '([^']+)' module");
    private static final int PARSER_ERROR = 4;
    private static final int BAD_OPTIONS = 5;

    private AnsibleProblems() {
    }

    public static PxciException notInstalled(String executable, Exception cause) {
        return new PxciException(ErrorCode.MISSING_DEPENDENCY, "'" + executable + "' cannot be started: " + cause.getMessage(),
                DEBIAN_PACKAGE_HINT + "; or point pxci at another installation", cause);
    }

    public static PxciException timedOut(String purpose, Duration timeout) {
        return new PxciException(ErrorCode.TIMEOUT, purpose + ": ansible-playbook did not finish within " + human(timeout)
                + "; it was killed with every process it had started",
                "raise ansible.timeout if the work is legitimately slow");
    }

    public static PxciException cancelled(String purpose) {
        return new PxciException(ErrorCode.FAILED, purpose + ": cancelled; ansible-playbook was killed with every process it had started");
    }

    /** The error for a run that did not succeed. */
    public static PxciException failure(String purpose, PlaybookResult result, FailureTranslator translator) {
        Optional<TaskResult> failed = result.decisiveFailure();
        if (failed.isPresent()) {
            return taskFailure(purpose, failed.get(), translator);
        }
        return processFailure(purpose, result);
    }

    private static PxciException taskFailure(String purpose, TaskResult failed, FailureTranslator translator) {
        String where = purpose + ": task '" + failed.task() + "' " + (failed.status() == TaskStatus.UNREACHABLE
                ? "could not reach " : "failed on ") + failed.host() + ": " + failed.message();
        Matcher library = MISSING_LIBRARY.matcher(failed.message());
        if (library.find()) {
            String lib = library.group(1) != null ? library.group(1) : library.group(2);
            return new PxciException(ErrorCode.MISSING_DEPENDENCY, where, "install the Python library '" + lib + "' for the"
                    + " Python that runs Ansible (Debian: apt-get install python3-" + lib + ")");
        }
        if (failed.status() == TaskStatus.UNREACHABLE) {
            return unreachable(where, failed.message());
        }
        return translator.translate(purpose, failed).orElseGet(() -> new PxciException(ErrorCode.FAILED, where));
    }

    private static PxciException unreachable(String where, String message) {
        if (message.contains("Host key verification failed") || message.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
                || message.contains("No ED25519 host key is known") || message.contains("host key")) {
            return new PxciException(ErrorCode.FAILED, where, "the host key is not in the known_hosts file that"
                    + " ansible.known-hosts names, or differs from it; add the right key (ssh-keyscan only over a trusted path)");
        }
        if (message.contains("Permission denied")) {
            return new PxciException(ErrorCode.UNAUTHORIZED, where,
                    "check that ansible.ssh-private-key matches a key authorised for that user in the container");
        }
        return new PxciException(ErrorCode.TRANSIENT, where, "check that the container runs and its SSH port is reachable");
    }

    private static PxciException processFailure(String purpose, PlaybookResult result) {
        String stderr = String.join("\n", result.stderrTail());
        if (stderr.contains("Invalid callback for stdout specified")) {
            return new PxciException(ErrorCode.MISSING_DEPENDENCY, purpose + ": the stdout callback " + JsonLines.CALLBACK
                    + " is missing (collection ansible.posix)", DEBIAN_PACKAGE_HINT
                    + ", or ansible-galaxy collection install ansible.posix");
        }
        Matcher module = UNRESOLVED_MODULE.matcher(stderr);
        if (module.find()) {
            String name = module.group(1);
            return new PxciException(ErrorCode.MISSING_DEPENDENCY, purpose + ": the module '" + name + "' is not installed",
                    collectionHint(name));
        }
        String message = purpose + ": ansible-playbook exited with status " + result.exitCode() + errorLines(result.stderrTail());
        if (result.exitCode() == PARSER_ERROR || result.exitCode() == BAD_OPTIONS) {
            return new PxciException(ErrorCode.INVALID_INPUT, message, "fix the playbook or its variables");
        }
        return new PxciException(ErrorCode.FAILED, message);
    }

    private static String collectionHint(String module) {
        String[] parts = module.split("\\.");
        if (parts.length >= 3) {
            String collection = parts[0] + "." + parts[1];
            return "install the collection " + collection + " (ansible-galaxy collection install " + collection + ")"
                    + ("community.general".equals(collection) || "ansible.posix".equals(collection)
                            ? "; " + DEBIAN_PACKAGE_HINT : "");
        }
        return "install the collection that provides '" + module + "'; for the Proxmox modules: " + DEBIAN_PACKAGE_HINT
                + " (community.general) or ansible-galaxy collection install community.proxmox";
    }

    /** The {@code ERROR!} part of the error output, else its last lines. */
    private static String errorLines(List<String> stderr) {
        int start = -1;
        for (int i = 0; i < stderr.size(); i++) {
            if (stderr.get(i).startsWith("ERROR!")) {
                start = i;
                break;
            }
        }
        List<String> lines = start >= 0 ? stderr.subList(start, Math.min(stderr.size(), start + 6))
                : stderr.subList(Math.max(0, stderr.size() - 6), stderr.size());
        return lines.isEmpty() ? "" : ": " + String.join(" | ", lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
    }
}
