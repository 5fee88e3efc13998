package dev.pxci.ports.platform;

import java.util.List;
import java.util.Objects;

/**
 * Everything needed to create one container: identity, placement, the template it is created
 * from, its {@link ContainerConfig}, and what can only be given at creation (SSH keys).
 *
 * @param vmid the container id (100..999999999), or {@link #ANY_ID} to let the platform pick one
 * @param node the node to place it on, or {@link #AUTO_NODE}: the engine places such a spec before a platform sees
 *     it; a platform given one directly chooses by its own rule
 * @param template the OS template: a volume id ({@code local:vztmpl/debian-12-...tar.zst}) or a bare
 *     file name the platform resolves in a template storage of the node
 * @param config the settings that can be observed and, mostly, changed in place
 * @param sshPublicKeys OpenSSH public keys authorised for root at creation (create-only)
 * @param running whether the container should be running
 */
public record ContainerSpec(
        int vmid, String node, String template, ContainerConfig config, List<String> sshPublicKeys, boolean running) {

    /** Asks the platform to allocate an id. */
    public static final int ANY_ID = 0;
    /** Asks the platform to choose the node. */
    public static final String AUTO_NODE = "auto";

    public ContainerSpec {
        if (vmid != ANY_ID && (vmid < 100 || vmid > 999_999_999)) {
            throw new IllegalArgumentException("vmid must be between 100 and 999999999, was " + vmid);
        }
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(config, "config");
        sshPublicKeys = List.copyOf(sshPublicKeys);
    }

    public ContainerRef ref() {
        return new ContainerRef(vmid, node);
    }

    public ContainerSpec withVmid(int newVmid) {
        return new ContainerSpec(newVmid, node, template, config, sshPublicKeys, running);
    }

    public ContainerSpec withNode(String newNode) {
        return new ContainerSpec(vmid, newNode, template, config, sshPublicKeys, running);
    }

    public ContainerSpec withConfig(ContainerConfig newConfig) {
        return new ContainerSpec(vmid, node, template, newConfig, sshPublicKeys, running);
    }
}
