package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.StartupOrder;
import dev.pxci.proxmox.model.ConfigCodec;
import dev.pxci.proxmox.model.PropertyString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of the base playbook's provisioning play ({@code infra/base},
 * {@code roles/base/defaults/main.yml}) for one operation on one container. The play never waits
 * for SSH and never bootstraps here: that is another stage's business.
 */
public final class ProvisionVars {
    private ProvisionVars() {
    }

    /** Connection and behaviour shared by every operation. */
    public static ExtraVars base(ProxmoxEndpoint endpoint, java.util.Optional<Path> caFile, Duration taskTimeout, String state,
            int vmid, String node) {
        return new ExtraVars()
                .put("base_proxmox_api_host", endpoint.apiHost())
                .put("base_proxmox_api_user", endpoint.user())
                .put("base_proxmox_api_token_id", endpoint.tokenName())
                .put("base_proxmox_api_token_secret", endpoint.secret())
                .put("base_proxmox_validate_certs", !endpoint.insecure())
                .put("base_proxmox_ca_file", caFile.map(Path::toString).orElse(""))
                .put("base_proxmox_timeout", Math.max(1, taskTimeout.toSeconds()))
                .put("base_container_state", state)
                .put("base_container_ensure_exists", false)
                .put("base_container_vmid", vmid)
                .put("base_container_node", node)
                .put("base_wait_for_ssh", false)
                .put("base_bootstrap", false);
    }

    /** The settings of a container to create, or (with {@code update}) to change in place. */
    public static ExtraVars withConfig(ExtraVars vars, ContainerConfig config) {
        List<Map<String, Object>> networks = new ArrayList<>();
        for (NetworkInterface net : config.networks()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("slot", net.slot());
            n.put("name", net.name());
            n.put("bridge", net.bridge());
            n.put("ip", net.ipv4());
            n.put("gateway", net.gateway().orElse(""));
            n.put("vlan", net.vlan().isPresent() ? Integer.toString(net.vlan().getAsInt()) : "");
            n.put("firewall", net.firewall());
            networks.add(n);
        }
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (MountPoint mount : config.mounts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slot", mount.slot());
            m.put("storage", mount.storage());
            m.put("size", mount.sizeGiB());
            m.put("path", mount.path());
            m.put("backup", mount.backup());
            mounts.add(m);
        }
        return vars
                .put("base_container_hostname", config.hostname())
                .put("base_container_cores", config.cores())
                .put("base_container_memory", config.memoryMiB())
                .put("base_container_swap", config.swapMiB())
                .put("base_container_disk", config.rootDisk().storage() + ":" + config.rootDisk().sizeGiB())
                .put("base_container_networks", networks)
                .put("base_container_mounts", mounts)
                .put("base_container_features", features(config.features()))
                .put("base_container_unprivileged", config.unprivileged())
                .put("base_container_onboot", config.onboot())
                .put("base_container_tags", ConfigCodec.tags(String.join(";", config.tags())))
                .put("base_container_startup", config.startup().map(ProvisionVars::startup).orElse(List.of()));
    }

    /** Feature flags as Proxmox writes them, in its order; none for {@link Features#NONE}. */
    static List<String> features(Features features) {
        return parts(ConfigCodec.encodeFeatures(features, PropertyString.empty()));
    }

    static List<String> startup(StartupOrder startup) {
        return parts(ConfigCodec.encodeStartup(startup));
    }

    /** The parts of a property string, as the module's list options take them. */
    private static List<String> parts(String propertyString) {
        return propertyString.isEmpty() ? List.of() : List.of(propertyString.split(","));
    }
}
