package dev.pxci.sandbox.pve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The privileges of Proxmox VE 9 and its built-in roles, as pve-access-control defines them
 * ({@code PVE/AccessControl.pm}: the privilege groups {@code VM}, {@code Sys}, {@code Datastore},
 * {@code SDN}, {@code User}, {@code Pool}, {@code Mapping} and the roles made of them).
 */
final class Privileges {

    static final Set<String> ALL = Set.copyOf(new TreeSet<>(List.of(
            "Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.AllocateTemplate", "Datastore.Audit",
            "Group.Allocate", "Mapping.Audit", "Mapping.Modify", "Mapping.Use", "Permissions.Modify",
            "Pool.Allocate", "Pool.Audit", "Realm.Allocate", "Realm.AllocateUser",
            "SDN.Allocate", "SDN.Audit", "SDN.Use",
            "Sys.AccessNetwork", "Sys.Audit", "Sys.Console", "Sys.Incoming", "Sys.Modify", "Sys.PowerMgmt", "Sys.Syslog",
            "User.Modify",
            "VM.Allocate", "VM.Audit", "VM.Backup", "VM.Clone", "VM.Config.CDROM", "VM.Config.CPU",
            "VM.Config.Cloudinit", "VM.Config.Disk", "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network",
            "VM.Config.Options", "VM.Console", "VM.GuestAgent.Audit", "VM.GuestAgent.FileRead",
            "VM.GuestAgent.FileSystemMgmt", "VM.GuestAgent.FileWrite", "VM.GuestAgent.Unrestricted", "VM.Migrate",
            "VM.PowerMgmt", "VM.Replicate", "VM.Snapshot", "VM.Snapshot.Rollback")));

    private static final Map<String, Set<String>> ROLES = roles();

    private Privileges() {
    }

    /** The privileges of a built-in role; 400 as PVE answers for a role that does not exist. */
    static Set<String> ofRole(String role) {
        Set<String> privileges = ROLES.get(role);
        if (privileges == null) {
            throw PveApiException.parameter("roles", "role '" + role + "' does not exist");
        }
        return privileges;
    }

    private static Map<String, Set<String>> roles() {
        Set<String> vm = prefixed("VM.");
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        roles.put("Administrator", ALL);
        roles.put("NoAccess", Set.of());
        roles.put("PVEAdmin", ALL.stream()
                .filter(p -> !Set.of("Permissions.Modify", "Sys.PowerMgmt", "Sys.Modify", "Realm.Allocate").contains(p))
                .collect(Collectors.toUnmodifiableSet()));
        roles.put("PVEAuditor", Set.of("Datastore.Audit", "Mapping.Audit", "Pool.Audit", "SDN.Audit", "Sys.Audit",
                "VM.Audit", "VM.GuestAgent.Audit"));
        roles.put("PVEVMAdmin", vm);
        roles.put("PVEVMUser", Set.of("VM.Audit", "VM.Backup", "VM.Config.CDROM", "VM.Config.Cloudinit", "VM.Console",
                "VM.PowerMgmt", "VM.GuestAgent.Audit"));
        roles.put("PVETemplateUser", Set.of("VM.Audit", "VM.Clone"));
        roles.put("PVEDatastoreAdmin", prefixed("Datastore."));
        roles.put("PVEDatastoreUser", Set.of("Datastore.AllocateSpace", "Datastore.Audit"));
        roles.put("PVESysAdmin", Set.of("Sys.AccessNetwork", "Sys.Audit", "Sys.Console", "Sys.Syslog"));
        roles.put("PVEPoolAdmin", Set.of("Pool.Allocate", "Pool.Audit"));
        roles.put("PVEPoolUser", Set.of("Pool.Audit"));
        roles.put("PVESDNAdmin", prefixed("SDN."));
        roles.put("PVESDNUser", Set.of("SDN.Audit", "SDN.Use"));
        roles.put("PVEUserAdmin", Set.of("Group.Allocate", "Realm.AllocateUser", "User.Modify"));
        roles.put("PVEMappingAdmin", prefixed("Mapping."));
        roles.put("PVEMappingUser", Set.of("Mapping.Audit", "Mapping.Use"));
        return Map.copyOf(roles);
    }

    private static Set<String> prefixed(String prefix) {
        return ALL.stream().filter(p -> p.startsWith(prefix)).collect(Collectors.toUnmodifiableSet());
    }
}
