package dev.pxci.adapter.ansible.internal;

/**
 * The play recap of one host. Ansible's {@code ok} counts every successful task, the changed ones
 * included; {@code changed} counts those that changed something.
 */
public record HostStats(int ok, int changed, int failures, int unreachable, int skipped, int rescued, int ignored) {
}
