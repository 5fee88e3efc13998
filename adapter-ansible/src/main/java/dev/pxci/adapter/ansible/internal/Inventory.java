package dev.pxci.adapter.ansible.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory of one run, written as a YAML-plugin inventory (in JSON) into the run's private
 * directory.
 *
 * @param content the inventory tree ({@code {all: {hosts: {...}}}})
 * @param localOnly whether every host is this machine, so module files can live in the run directory
 */
public record Inventory(Map<String, Object> content, boolean localOnly) {
    public Inventory {
        content = Map.copyOf(content);
    }

    /**
     * This machine only, with the Python that runs Ansible itself (on Debian /usr/bin/python3, where
     * python3-proxmoxer lives), whatever {@code python3} on the PATH is.
     */
    public static Inventory localhost() {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("ansible_connection", "local");
        host.put("ansible_python_interpreter", "{{ ansible_playbook_python }}");
        return new Inventory(Map.of("all", Map.of("hosts", Map.of("localhost", host))), true);
    }

    /** One remote host in group {@code group}, reached over SSH with the given host variables. */
    public static Inventory single(String group, String host, Map<String, Object> hostVars) {
        return new Inventory(Map.of("all", Map.of("children", Map.of(group, Map.of("hosts", Map.of(host, hostVars))))), false);
    }
}
