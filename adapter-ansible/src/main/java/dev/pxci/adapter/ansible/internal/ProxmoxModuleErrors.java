package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.Optional;

/**
 * Classifies the messages of the Proxmox LXC module (which passes on proxmoxer's
 * {@code <status> <reason>: <Proxmox text>}) into error codes the domain can act on.
 */
public final class ProxmoxModuleErrors implements FailureTranslator {
    private final String caFileKey;

    public ProxmoxModuleErrors(String caFileKey) {
        this.caFileKey = caFileKey;
    }

    @Override
    public Optional<PxciException> translate(String purpose, TaskResult failed) {
        String msg = failed.message();
        String what = purpose + ": " + msg;
        if (msg.contains("Reached timeout while waiting")) {
            return Optional.of(new PxciException(ErrorCode.TIMEOUT, what, "the module waits only for a task that ends OK, so a"
                    + " failed Proxmox task also ends this way: read the task log on the node; if the task is just slow, raise"
                    + " ansible.task-timeout"));
        }
        if (msg.contains("CERTIFICATE_VERIFY_FAILED") || msg.contains("SSLError")) {
            return Optional.of(new PxciException(ErrorCode.FAILED, what, "the node's certificate is not trusted: give its CA with "
                    + caFileKey + " (on a node: /etc/pve/pve-root-ca.pem)"));
        }
        if (msg.contains("already exists")) {
            return Optional.of(new PxciException(ErrorCode.CONFLICT, what));
        }
        if (msg.contains("is locked") || msg.contains("got timeout")) {
            return Optional.of(new PxciException(ErrorCode.LOCKED, what, "wait for the running task; a stale lock needs"
                    + " 'pct unlock <vmid>' on the node"));
        }
        if (msg.contains("does not exist") || msg.contains("not exists")) {
            return Optional.of(new PxciException(ErrorCode.NOT_FOUND, what));
        }
        if (msg.contains("401") || msg.contains("authentication failure")) {
            return Optional.of(new PxciException(ErrorCode.UNAUTHORIZED, what, "check the API token id and secret"));
        }
        if (msg.contains("403") || msg.contains("Permission check failed") || msg.contains("only allowed for root@pam")) {
            return Optional.of(new PxciException(ErrorCode.FORBIDDEN, what, "grant the token the privilege named above;"
                    + " settings only root@pam may make (features other than nesting, privileged feature flags) need a"
                    + " root@pam ticket, which the Ansible adapter does not use: use the proxmox adapter for those"));
        }
        if (msg.contains("400 Bad Request") || msg.contains("Parameter verification failed")) {
            return Optional.of(new PxciException(ErrorCode.INVALID_INPUT, what));
        }
        if (msg.contains("Max retries exceeded") || msg.contains("Connection refused") || msg.contains("timed out")
                || msg.matches("(?s).*\\b5\\d\\d\\b.*")) {
            return Optional.of(new PxciException(ErrorCode.TRANSIENT, what));
        }
        return Optional.empty();
    }
}
