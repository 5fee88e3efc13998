package dev.pxci.sandbox.pve;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /nodes/{node}/lxc/{vmid}/move_volume} with {@code target-vmid}: a volume handed from
 * one container to another on the same node, renamed to the next free disk name of the target
 * ({@code local-lvm:vm-100-disk-1} becomes {@code local-lvm:vm-101-disk-0}). The checks and
 * their texts are pve-container's; the move to another storage is not simulated.
 */
final class LxcVolumeMoves {

    private final ClusterState state;
    private final ContainerConfigs configs;

    LxcVolumeMoves(ClusterState state, ContainerConfigs configs) {
        this.state = state;
        this.configs = configs;
    }

    String moveVolume(String node, int vmid, Map<String, String> params, Access.Identity who) {
        String storage = params.get("storage");
        String target = params.get("target-vmid");
        if (storage != null && target != null) {
            String both = "either set 'storage' or 'target-vmid', but not both";
            throw new PveApiException(400, PveApiException.PARAMETER_VERIFICATION_FAILED,
                    Map.of("target-vmid", both, "storage", both));
        }
        if (storage == null && target == null) {
            String neither = "both 'storage' and 'target-vmid' missing, either needs to be set";
            throw new PveApiException(400, PveApiException.PARAMETER_VERIFICATION_FAILED,
                    Map.of("target-vmid", neither, "storage", neither));
        }
        if (storage != null) {
            throw new PveApiException(501, "the pxci sandbox does not move volumes between storages");
        }
        String key = params.get("volume");
        int targetVmid = Integer.parseInt(target);
        String targetKey = params.getOrDefault("target-volume", key);
        return state.mutate(() -> {
            state.requireNode(node);
            Checked checked = check(vmid, key, targetVmid, targetKey, params);
            if (!checked.source().node().equals(node)) {
                throw PveApiException.serverError("Configuration file 'nodes/" + node + "/lxc/" + vmid
                        + ".conf' does not exist");
            }
            String id = vmid + "-" + key + ">" + targetVmid + "-" + targetKey;
            return state.startTask(node, "move_volume", id, who, List.of(), new TaskWork() {
                @Override
                public List<String> complete() {
                    Checked now;
                    try {
                        now = check(vmid, key, targetVmid, targetKey, Map.of());
                    } catch (PveApiException e) {
                        throw new TaskWork.Failure(e.getMessage());
                    }
                    return move(now, key, targetKey);
                }

                @Override
                public void abort() {
                    // nothing moved before completion
                }
            });
        });
    }

    private record Checked(Container source, Container target, Map<String, String> drive) {
    }

    /** pve-container's {@code load_and_check_reassign_configs}, in its order. */
    private Checked check(int vmid, String key, int targetVmid, String targetKey, Map<String, String> params) {
        if (key.equals("rootfs") || targetKey.equals("rootfs")) {
            throw PveApiException.serverError("Cannot move to/from 'rootfs'");
        }
        if (key.matches("unused\\d+") && !targetKey.matches("unused\\d+")) {
            throw PveApiException.serverError("Moving an unused volume to a used one is not possible");
        }
        Container source = state.containers().get(vmid);
        if (source == null) {
            throw PveApiException.serverError("could not find CT " + vmid);
        }
        Container target = state.containers().get(targetVmid);
        if (target == null) {
            throw PveApiException.serverError("could not find CT " + targetVmid);
        }
        if (!source.node().equals(target.node())) {
            throw PveApiException.serverError("Both containers need to be on the same node (" + source.node() + " != "
                    + target.node() + ")");
        }
        ContainerConfigs.checkLock(source);
        ContainerConfigs.checkLock(target);
        if (source.isTemplate() || target.isTemplate()) {
            throw PveApiException.serverError("Can't move volumes from or to template CT");
        }
        checkDigest(vmid, params.get("digest"), source);
        checkDigest(targetVmid, params.get("target-digest"), target);
        String value = source.config().get(key);
        if (value == null) {
            throw PveApiException.serverError("volume '" + key + "' for container '" + vmid + "' does not exist");
        }
        if (target.config().containsKey(targetKey)) {
            throw PveApiException.serverError("Target volume key '" + targetKey + "' is already in use for container '"
                    + targetVmid + "'");
        }
        Map<String, String> drive = PropertyString.parseLenient(value, "volume");
        String volume = drive.get("volume");
        if (volume == null || volume.isEmpty()) {
            throw PveApiException.serverError("Volume '" + key + "' has no associated image");
        }
        for (Container.Snapshot snapshot : source.snapshots().values()) {
            if (snapshot.config().values().stream().anyMatch(v -> v.startsWith(volume + ",") || v.equals(volume))) {
                throw PveApiException.serverError("Cannot move volume used by a snapshot to another container");
            }
        }
        if (volume.startsWith("/")) {
            throw PveApiException.serverError("Cannot move a bindmount or device mount to another container");
        }
        if (source.running() && !key.matches("unused\\d+")) {
            throw PveApiException.serverError(
                    "Cannot move in-use volume while the source CT is running - detach or shutdown first");
        }
        return new Checked(source, target, drive);
    }

    private static void checkDigest(int vmid, String digest, Container container) {
        if (digest != null && !digest.equalsIgnoreCase(container.digest())) {
            throw PveApiException.serverError("Container " + vmid
                    + ": detected modified configuration - file changed by other user? Try again.");
        }
    }

    private List<String> move(Checked checked, String key, String targetKey) {
        Container source = checked.source();
        Container target = checked.target();
        Map<String, String> drive = new TreeMap<>(checked.drive());
        String renamed = configs.renamedFor(target.vmid(), drive.get("volume"), target.config());
        new RuntimeCalls(state).moveVolume(drive.get("volume"), renamed);
        source.config().remove(key);
        if (targetKey.matches("unused\\d+")) {
            target.config().put(targetKey, renamed);
        } else {
            drive.put("volume", renamed);
            target.config().put(targetKey, PropertyString.print(drive, configs.format(targetKey)));
        }
        return List.of("moving volume '" + key + "' from container '" + source.vmid() + "' to '" + target.vmid() + "'",
                "removing volume '" + key + "' from container '" + source.vmid() + "' config",
                "target container '" + target.vmid() + "' updated with '" + targetKey + "'");
    }
}
