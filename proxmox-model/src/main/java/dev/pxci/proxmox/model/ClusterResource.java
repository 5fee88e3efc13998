package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.platform.PowerState;
import java.util.Optional;

/**
 * One guest from {@code GET /cluster/resources?type=vm}: where it runs, whether it runs, its lock,
 * and the limits the node applies ({@code maxcpu}, {@code maxdisk}).
 */
public record ClusterResource(
        int vmid, String type, String node, String name, String status, Optional<String> lock, int maxCpu, long maxDisk,
        boolean template) {

    public static Optional<ClusterResource> from(JsonNode entry) {
        int vmid = Lenient.intValue(entry, "vmid", -1);
        String type = Lenient.text(entry, "type").orElse("");
        if (vmid < 0) {
            String id = Lenient.text(entry, "id").orElse("");
            int slash = id.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            try {
                vmid = Integer.parseInt(id.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            type = type.isEmpty() ? id.substring(0, slash) : type;
        }
        Optional<String> node = Lenient.text(entry, "node");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterResource(vmid, type, node.get(), Lenient.text(entry, "name").orElse(""),
                Lenient.text(entry, "status").orElse("unknown"), Lenient.text(entry, "lock"),
                Lenient.intValue(entry, "maxcpu", 0), Lenient.longValue(entry, "maxdisk", 0),
                Lenient.bool(entry, "template", false)));
    }

    public boolean isContainer() {
        return type.equals("lxc");
    }

    /** Running or stopped, as listed; anything else is unknown. */
    public PowerState power() {
        return switch (status) {
            case "running" -> PowerState.RUNNING;
            case "stopped" -> PowerState.STOPPED;
            default -> PowerState.UNKNOWN;
        };
    }
}
