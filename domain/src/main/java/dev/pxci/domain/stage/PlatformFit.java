package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.plan.ContainerPlan;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.InPlace;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.Templates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before provisioning changes anything, that the cluster has what the deployment names:
 * every declared node, and the template of every container that is still to be created on its
 * node, or at least in that node's appliance index when the declaration allows downloading it.
 * Costs one node listing, plus one template listing per node that gets a new container (and one
 * index read per node that lacks a template).
 */
final class PlatformFit {
    private PlatformFit() {
    }

    /** A template to download before containers are created from it. */
    record TemplateDownload(String node, String storage, String file) {
        /** Whether {@code c} is created from the template this download brings. */
        boolean serves(ContainerDeclaration c) {
            return c.spec().node().equals(node) && Templates.names(c.spec().template(), storage + ":vztmpl/" + file);
        }
    }

    /**
     * Returns the templates to download first (each once), in declaration order.
     *
     * @throws DeploymentRejected naming the file, the key and what the cluster offers instead
     */
    static List<TemplateDownload> check(Deployment deployment, Map<Integer, ObservedContainer> observed,
            ContainerPlatform platform) {
        Set<String> nodes = platform.nodes().stream().map(NodeInfo::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (ContainerDeclaration c : deployment.containers()) {
            String node = c.spec().node();
            if (!node.equals(ContainerSpec.AUTO_NODE) && !nodes.contains(node)) {
                throw new DeploymentRejected(c.source() + ": NODE " + node + " is not a node of the cluster (nodes: "
                        + String.join(", ", nodes) + ")", "set NODE to one of them, or to auto");
            }
        }
        InPlace inPlace = observed.isEmpty() ? InPlace.ALL : platform.inPlace();
        Map<String, List<String>> templates = new HashMap<>();
        Map<String, List<String>> indexes = new HashMap<>();
        Set<TemplateDownload> downloads = new LinkedHashSet<>();
        for (ContainerDeclaration c : deployment.containers()) {
            String node = c.spec().node();
            if (node.equals(ContainerSpec.AUTO_NODE) || !created(c, observed, inPlace)) {
                continue;
            }
            List<String> available = templates.computeIfAbsent(node, platform::templates);
            String template = c.spec().template();
            if (available.stream().anyMatch(volid -> Templates.names(template, volid))) {
                continue;
            }
            String file = Templates.fileName(template);
            String storage = template.contains(":") ? template.substring(0, template.indexOf(':')) : "local";
            if (c.templateDownload() && indexes.computeIfAbsent(node, platform::downloadableTemplates).contains(file)) {
                downloads.add(new TemplateDownload(node, storage, file));
                continue;
            }
            throw new DeploymentRejected(c.source() + ": TEMPLATE " + template + " is not on node " + node
                    + (available.isEmpty() ? ", which has no templates" : "; it has " + String.join(", ", available))
                    + (c.templateDownload() ? ", and its appliance index does not offer " + file : ""),
                    "download it on the node (pveam update && pveam download " + storage + " " + file
                            + "), or set TEMPLATE to one it has");
        }
        return List.copyOf(downloads);
    }

    /**
     * Refuses, before anything is created, the creates the platform says it would refuse (a disk
     * storage or bridge the node lacks, features the credentials may not set), each named with its
     * file. One check for each distinct node and set of storages, bridges and features.
     *
     * @throws DeploymentRejected naming every refused create and why
     */
    static void refuseCreates(Deployment deployment, Map<Integer, ObservedContainer> observed, ContainerPlatform platform) {
        InPlace inPlace = observed.isEmpty() ? InPlace.ALL : platform.inPlace();
        Map<List<Object>, List<String>> checked = new HashMap<>();
        List<String> refused = new ArrayList<>();
        for (ContainerDeclaration c : deployment.containers()) {
            ContainerSpec spec = c.spec();
            if (spec.node().equals(ContainerSpec.AUTO_NODE) || ContainerPlan.of(c,
                    Optional.ofNullable(observed.get(spec.vmid())), inPlace).action() != ContainerPlan.Action.CREATE) {
                continue;
            }
            var config = spec.config();
            List<Object> key = List.of(spec.node(), config.rootDisk().storage(),
                    config.mounts().stream().map(m -> m.storage()).distinct().toList(),
                    config.networks().stream().map(n -> n.bridge()).toList(), config.features(), config.unprivileged());
            checked.computeIfAbsent(key, k -> platform.createRefusals(new ContainerSpec(ContainerSpec.ANY_ID, spec.node(),
                    spec.template(), config, List.of(), spec.running()))).forEach(r -> refused.add(c.source() + ": " + r));
        }
        if (!refused.isEmpty()) {
            throw new DeploymentRejected(String.join("; ", refused) + "; nothing was created",
                    "declare storages and bridges the node has (pvesm status, ip link), or use credentials that may set"
                            + " these features");
        }
    }

    /** Whether provisioning will create the container: it does not exist, or it is to be replaced. */
    private static boolean created(ContainerDeclaration c, Map<Integer, ObservedContainer> observed, InPlace inPlace) {
        ContainerPlan plan = ContainerPlan.of(c, Optional.ofNullable(observed.get(c.spec().vmid())), inPlace);
        return plan.action() == ContainerPlan.Action.CREATE
                || plan.action() == ContainerPlan.Action.REPLACE && !plan.blocked();
    }
}
