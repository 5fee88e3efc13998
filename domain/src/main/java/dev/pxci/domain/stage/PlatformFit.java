package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.plan.ContainerPlan;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Templates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before provisioning changes anything, that the cluster has what the deployment names:
 * every declared node, and the template of every container that is still to be created on its
 * node. Costs one node listing, plus one template listing per node that gets a new container.
 */
final class PlatformFit {
    private PlatformFit() {
    }

    /** @throws DeploymentRejected naming the file, the key and what the cluster offers instead */
    static void check(Deployment deployment, Map<Integer, ObservedContainer> observed, ContainerPlatform platform) {
        Set<String> nodes = platform.nodes().stream().map(NodeInfo::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (ContainerDeclaration c : deployment.containers()) {
            String node = c.spec().node();
            if (!node.equals(ContainerSpec.AUTO_NODE) && !nodes.contains(node)) {
                throw new DeploymentRejected(c.source() + ": NODE " + node + " is not a node of the cluster (nodes: "
                        + String.join(", ", nodes) + ")", "set NODE to one of them, or to auto");
            }
        }
        Map<String, List<String>> templates = new HashMap<>();
        for (ContainerDeclaration c : deployment.containers()) {
            String node = c.spec().node();
            if (node.equals(ContainerSpec.AUTO_NODE) || !created(c, observed)) {
                continue;
            }
            List<String> available = templates.computeIfAbsent(node, platform::templates);
            String template = c.spec().template();
            if (available.stream().noneMatch(volid -> Templates.names(template, volid))) {
                String file = Templates.fileName(template);
                String storage = template.contains(":") ? template.substring(0, template.indexOf(':')) : "local";
                throw new DeploymentRejected(c.source() + ": TEMPLATE " + template + " is not on node " + node
                        + (available.isEmpty() ? ", which has no templates" : "; it has " + String.join(", ", available)),
                        "download it on the node (pveam update && pveam download " + storage + " " + file
                                + "), or set TEMPLATE to one it has");
            }
        }
    }

    /** Whether provisioning will create the container: it does not exist, or it is to be replaced. */
    private static boolean created(ContainerDeclaration c, Map<Integer, ObservedContainer> observed) {
        ContainerPlan plan = ContainerPlan.of(c, Optional.ofNullable(observed.get(c.spec().vmid())));
        return plan.action() == ContainerPlan.Action.CREATE
                || plan.action() == ContainerPlan.Action.REPLACE && !plan.blocked();
    }
}
