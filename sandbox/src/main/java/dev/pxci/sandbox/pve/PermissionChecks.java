package dev.pxci.sandbox.pve;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges each endpoint checks before it runs, as the {@code permissions} of pve-container's,
 * pve-storage's and pve-manager's API methods state them (PVE 9.1): {@code VM.Allocate} on
 * {@code /vms/{vmid}} and {@code Datastore.AllocateSpace} on each storage a create allocates on,
 * {@code Sys.Modify} on {@code /} for a privileged create, {@code VM.Config.*} by the keys a config
 * change touches, {@code VM.PowerMgmt}, {@code VM.Audit}, {@code VM.Backup}, and so on; and the
 * lists that PVE filters by what the caller may see. Endpoints not named here check nothing
 * beyond authentication. Thread-safe.
 */
final class PermissionChecks {

    private static final String LXC = "/nodes/{node}/lxc/{vmid}";
    private static final Pattern STORAGE_ALLOCATION = Pattern.compile("^(?:volume=)?([A-Za-z][A-Za-z0-9._-]*):(\\d+(?:\\.\\d+)?)(?:,|$)");
    private static final Pattern VOLUME_STORAGE = Pattern.compile("^(?:volume=)?([A-Za-z][A-Za-z0-9._-]*):");
    private static final Pattern BACKUP_OF = Pattern.compile("vzdump-(?:lxc|qemu)-(\\d+)-");
    private static final Set<String> AUDIT_OR_SPACE = Set.of("Datastore.Audit", "Datastore.AllocateSpace");

    private final AccessControl control;

    PermissionChecks(AccessControl control) {
        this.control = control;
    }

    /** Fails with 403 and PVE's text when {@code who} lacks a privilege the endpoint checks. */
    void check(Access.Identity who, String method, String template, Map<String, String> params) {
        if (who == null || !control.hasSeparatedPrivileges(who)) {
            return;
        }
        String vm = params.containsKey("vmid") ? "/vms/" + params.get("vmid") : null;
        switch (method + " " + template) {
            case "GET /nodes/{node}/status", "GET /nodes/{node}/tasks" ->
                    control.require(who, "/nodes/" + params.get("node"), "Sys.Audit");
            case "GET /cluster/status" -> control.require(who, "/", "Sys.Audit");
            case "GET /nodes/{node}/storage/{storage}/content" -> {
                String path = "/storage/" + params.get("storage");
                if (!control.holdsAny(who, path, AUDIT_OR_SPACE)) {
                    throw new PveApiException(403, "Permission check failed (" + path + ", Datastore.Audit)");
                }
            }
            case "POST /nodes/{node}/lxc" -> checkCreate(who, vm, params);
            case "DELETE " + LXC, "POST " + LXC + "/template" -> control.require(who, vm, "VM.Allocate");
            case "GET " + LXC + "/config", "GET " + LXC + "/pending", "GET " + LXC + "/status/current",
                    "GET " + LXC + "/feature", "GET " + LXC + "/interfaces", "GET " + LXC + "/snapshot" ->
                    control.require(who, vm, "VM.Audit");
            case "PUT " + LXC + "/config" -> configPrivileges(params).forEach(p -> control.require(who, vm, p));
            case "POST " + LXC + "/status/start", "POST " + LXC + "/status/stop", "POST " + LXC + "/status/shutdown",
                    "POST " + LXC + "/status/reboot", "POST " + LXC + "/status/suspend",
                    "POST " + LXC + "/status/resume" -> control.require(who, vm, "VM.PowerMgmt");
            case "POST " + LXC + "/clone" -> {
                control.require(who, vm, "VM.Clone");
                control.require(who, "/vms/" + params.get("newid"), "VM.Allocate");
            }
            case "PUT " + LXC + "/resize" -> control.require(who, vm, "VM.Config.Disk");
            case "POST " + LXC + "/move_volume" -> {
                control.require(who, vm, "VM.Config.Disk");
                if (params.get("target-vmid") != null) {
                    control.require(who, "/vms/" + params.get("target-vmid"), "VM.Config.Disk");
                }
                if (params.get("storage") != null) {
                    control.require(who, "/storage/" + params.get("storage"), "Datastore.AllocateSpace");
                }
            }
            case "POST " + LXC + "/snapshot", "DELETE " + LXC + "/snapshot/{snapname}" ->
                    control.require(who, vm, "VM.Snapshot");
            case "POST " + LXC + "/snapshot/{snapname}/rollback" -> control.require(who, vm, "VM.Snapshot.Rollback");
            case "POST /nodes/{node}/vzdump" -> {
                for (String id : params.getOrDefault("vmid", "").split("[,;\\s]+")) {
                    if (!id.isEmpty()) {
                        control.require(who, "/vms/" + id, "VM.Backup");
                    }
                }
                if (params.get("storage") != null) {
                    control.require(who, "/storage/" + params.get("storage"), "Datastore.AllocateSpace");
                }
            }
            case "DELETE /nodes/{node}/storage/{storage}/content/{volume}" -> {
                String path = "/storage/" + params.get("storage");
                Matcher backup = BACKUP_OF.matcher(params.get("volume"));
                if (!backup.find()) {
                    control.require(who, path, "Datastore.Allocate");
                } else if (!control.holdsAny(who, path, Set.of("Datastore.Allocate"))) {
                    control.require(who, path, "Datastore.AllocateSpace");
                    control.require(who, "/vms/" + backup.group(1), "VM.Backup");
                }
            }
            case "POST /nodes/{node}/aplinfo" ->
                    control.require(who, "/storage/" + params.get("storage"), "Datastore.AllocateTemplate");
            default -> {
            }
        }
    }

    /**
     * What the caller may see of a listing: guests need {@code VM.Audit} on {@code /vms/ID},
     * storages {@code Datastore.Audit} or {@code Datastore.AllocateSpace}; other data passes unchanged.
     */
    Object filter(Access.Identity who, String method, String template, Object data) {
        if (who == null || !method.equals("GET") || !control.hasSeparatedPrivileges(who) || !(data instanceof List<?> items)) {
            return data;
        }
        boolean guests = template.equals("/nodes/{node}/lxc") || template.equals("/cluster/resources");
        boolean storages = template.equals("/nodes/{node}/storage");
        if (!guests && !storages) {
            return data;
        }
        return items.stream().filter(item -> {
            if (!(item instanceof Map<?, ?> entry)) {
                return true;
            }
            if (guests && entry.get("vmid") != null) {
                return control.holdsAny(who, "/vms/" + entry.get("vmid"), Set.of("VM.Audit"));
            }
            Object storage = entry.get("storage");
            if (storage != null && (storages || "storage".equals(entry.get("type")))) {
                return control.holdsAny(who, "/storage/" + storage, AUDIT_OR_SPACE);
            }
            return true;
        }).toList();
    }

    private void checkCreate(Access.Identity who, String vm, Map<String, String> params) {
        control.require(who, vm, "VM.Allocate");
        if ("1".equals(params.get("restore"))) {
            control.require(who, vm, "VM.Backup");
        }
        if ("0".equals(params.get("unprivileged"))) {
            control.require(who, "/", "Sys.Modify");
        }
        for (Map.Entry<String, String> entry : params.entrySet()) {
            if (entry.getKey().equals("rootfs") || entry.getKey().matches("mp\\d+")) {
                Matcher allocation = STORAGE_ALLOCATION.matcher(entry.getValue());
                if (allocation.find()) {
                    control.require(who, "/storage/" + allocation.group(1), "Datastore.AllocateSpace");
                }
            }
        }
        Matcher template = VOLUME_STORAGE.matcher(params.getOrDefault("ostemplate", ""));
        if (template.find() && !control.holdsAny(who, "/storage/" + template.group(1), AUDIT_OR_SPACE)) {
            throw new PveApiException(403, "Permission check failed (/storage/" + template.group(1) + ", Datastore.Audit)");
        }
    }

    /** {@code VM.Config.*} by the keys a {@code PUT .../config} sets or deletes (pve-container's {@code check_ct_modify_config_perm}). */
    private static Set<String> configPrivileges(Map<String, String> params) {
        Set<String> keys = new LinkedHashSet<>(params.keySet());
        for (String name : List.of("delete", "revert")) {
            if (params.get(name) != null) {
                keys.addAll(List.of(params.get(name).split("[,;\\s]+")));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String key : keys) {
            if (Set.of("node", "vmid", "digest", "delete", "revert", "").contains(key)) {
                continue;
            }
            if (Set.of("cores", "cpulimit", "cpuunits").contains(key)) {
                out.add("VM.Config.CPU");
            } else if (Set.of("memory", "swap").contains(key)) {
                out.add("VM.Config.Memory");
            } else if (key.matches("net\\d+|nameserver|searchdomain")) {
                out.add("VM.Config.Network");
            } else if (key.matches("rootfs|mp\\d+|unused\\d+")) {
                out.add("VM.Config.Disk");
            } else {
                out.add("VM.Config.Options");
            }
        }
        return out;
    }
}
