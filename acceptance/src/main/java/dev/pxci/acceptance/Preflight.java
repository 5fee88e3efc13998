package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Before anything changes: reads the version, the node, its storages, bridges and templates, and
 * the token's privileges ({@code GET /access/permissions?path=...}, as pve-container checks them on
 * {@code /vms/ID}, {@code /storage/STORAGE}, {@code /} and {@code /nodes/NODE}), and says of each
 * {@link Feature} whether it will work, and why not.
 */
final class Preflight {

    /** Whether one feature will work, and the reasons when it will not. */
    record Verdict(Feature feature, boolean works, String why) {
    }

    /** What the preflight saw. */
    record Result(String pveVersion, Map<Feature, Verdict> verdicts, Optional<String> backupStorage, List<String> notes) {
        boolean works(Feature feature) {
            return verdicts.get(feature).works();
        }

        String why(Feature feature) {
            return verdicts.get(feature).why();
        }
    }

    private final PveApi api;
    private final Settings settings;
    private final Map<String, Set<String>> privileges = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private String permissionsUnreadable;

    Preflight(PveApi api, Settings settings) {
        this.api = api;
        this.settings = settings;
    }

    Result run() {
        JsonNode version = api.get("/version");
        String pve = version.path("version").asText("?") + " (release " + version.path("release").asText("?") + ")";
        boolean runsProcesses = !version.has("container-processes") || version.path("container-processes").asInt() != 0;
        List<String> cluster = clusterProblems();
        Optional<String> backupStorage = storageWith("backup");
        String vm = "/vms/" + settings.ids().first();
        String holder = "/vms/" + (settings.ids().first() + 1);
        String storage = "/storage/" + settings.storage();

        Map<Feature, Verdict> verdicts = new EnumMap<>(Feature.class);
        List<String> create = new ArrayList<>(cluster);
        create.addAll(missing(vm, "VM.Allocate", "VM.Audit", "VM.PowerMgmt"));
        create.addAll(missing(storage, "Datastore.AllocateSpace"));
        create.addAll(missingAny("/storage/" + settings.templateStorage(), "Datastore.Audit", "Datastore.AllocateSpace"));
        verdict(verdicts, Feature.CREATE, create);
        verdict(verdicts, Feature.CHANGE, missing(vm, "VM.Config.CPU", "VM.Config.Memory"));
        verdict(verdicts, Feature.POWER, missing(vm, "VM.PowerMgmt"));
        List<String> shares = new ArrayList<>(missing(vm, "VM.Config.Disk"));
        shares.addAll(missing(holder, "VM.Allocate", "VM.Audit", "VM.Config.Disk"));
        verdict(verdicts, Feature.SHARES, shares);
        List<String> replace = new ArrayList<>(missing(vm, "VM.Backup"));
        if (backupStorage.isEmpty()) {
            replace.add("no storage of node " + settings.node() + " that the token may see takes backups (content 'backup')");
        } else {
            replace.addAll(missing("/storage/" + backupStorage.get(), "Datastore.AllocateSpace"));
        }
        verdict(verdicts, Feature.REPLACE, replace);
        List<String> inside = new ArrayList<>();
        if (settings.sshKey().isEmpty()) {
            inside.add(Variable.SSH_KEY.variableName() + " is not set");
        }
        if (settings.subnet().isEmpty()) {
            inside.add(Variable.SUBNET.variableName() + " is not set, so the container's address is not known in advance");
        }
        if (!runsProcesses) {
            inside.add("this cluster's containers run no processes (GET /version says container-processes 0: a simulator)");
        }
        verdict(verdicts, Feature.IN_CONTAINER, inside);
        verdict(verdicts, Feature.PLACEMENT, missing("/nodes/" + settings.node(), "Sys.Audit"));
        verdict(verdicts, Feature.PRIVILEGED, missing("/", "Sys.Modify"));
        verdicts.put(Feature.ROOT_ONLY_FEATURES, new Verdict(Feature.ROOT_ONLY_FEATURES, false,
                "only root@pam with a ticket (proxmox.user=root@pam and proxmox.password) may set them; an API token"
                        + " never may, not even one of root@pam without privilege separation"));
        if (permissionsUnreadable != null) {
            notes.add("the token's permissions could not be read (" + permissionsUnreadable
                    + "), so what needs privileges is tried and may fail");
        }
        return new Result(pve, verdicts, backupStorage, List.copyOf(notes));
    }

    private void verdict(Map<Feature, Verdict> verdicts, Feature feature, List<String> problems) {
        verdicts.put(feature, new Verdict(feature, problems.isEmpty(), String.join("; ", problems)));
    }

    private List<String> clusterProblems() {
        List<String> problems = new ArrayList<>();
        boolean nodeFound = false;
        for (JsonNode node : api.get("/nodes")) {
            if (node.path("node").asText().equals(settings.node())) {
                nodeFound = true;
                if (!node.path("status").asText("online").equals("online")) {
                    problems.add("node " + settings.node() + " is " + node.path("status").asText());
                }
            }
        }
        if (!nodeFound) {
            problems.add("the cluster has no node '" + settings.node() + "' (or the token may not see it)");
            return problems;
        }
        if (!storagesWith("rootdir").contains(settings.storage())) {
            problems.add("storage '" + settings.storage() + "' of node " + settings.node()
                    + " does not take container disks (content 'rootdir'), or the token may not see it");
        }
        try {
            boolean listed = false;
            for (JsonNode item : api.get("/nodes/" + settings.node() + "/storage/" + settings.templateStorage() + "/content",
                    "content", "vztmpl")) {
                listed |= item.path("volid").asText().equals(settings.template());
            }
            if (!listed) {
                notes.add("template " + settings.template() + " is not on node " + settings.node()
                        + " yet: pxci downloads it (TEMPLATE_DOWNLOAD=yes), which needs Datastore.AllocateTemplate");
            }
        } catch (PveApi.Failure e) {
            problems.add("cannot list the templates of storage " + settings.templateStorage() + ": " + e.getMessage());
        }
        try {
            boolean bridge = false;
            for (JsonNode item : api.get("/nodes/" + settings.node() + "/network")) {
                bridge |= item.path("iface").asText().equals(settings.bridge());
            }
            if (!bridge) {
                problems.add("node " + settings.node() + " has no bridge " + settings.bridge());
            }
        } catch (PveApi.Failure e) {
            notes.add("the node's bridges could not be listed (" + e.getMessage() + "); " + settings.bridge() + " is assumed");
        }
        return problems;
    }

    private Optional<String> storageWith(String content) {
        List<String> found = storagesWith(content);
        if (content.equals("backup") && found.contains("local")) {
            return Optional.of("local");
        }
        return found.stream().findFirst();
    }

    private List<String> storagesWith(String content) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode item : api.get("/nodes/" + settings.node() + "/storage", "content", content)) {
                out.add(item.path("storage").asText());
            }
        } catch (PveApi.Failure e) {
            notes.add("the storages of node " + settings.node() + " could not be listed: " + e.getMessage());
        }
        return out;
    }

    private List<String> missing(String path, String... needed) {
        Optional<Set<String>> held = held(path);
        List<String> out = new ArrayList<>();
        if (held.isPresent()) {
            for (String privilege : needed) {
                if (!held.get().contains(privilege)) {
                    out.add(privilege);
                }
            }
        }
        return out.isEmpty() ? out : List.of("the token lacks " + String.join(", ", out) + " on " + path);
    }

    private List<String> missingAny(String path, String... anyOf) {
        Optional<Set<String>> held = held(path);
        if (held.isEmpty() || List.of(anyOf).stream().anyMatch(held.get()::contains)) {
            return List.of();
        }
        return List.of("the token lacks " + String.join(" or ", anyOf) + " on " + path);
    }

    /** The privileges on {@code path}; empty when they cannot be read. */
    private Optional<Set<String>> held(String path) {
        if (permissionsUnreadable != null) {
            return Optional.empty();
        }
        Set<String> cached = privileges.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode answer = api.get("/access/permissions", "path", path);
            Set<String> out = new TreeSet<>();
            answer.path(path).fieldNames().forEachRemaining(out::add);
            privileges.put(path, out);
            return Optional.of(out);
        } catch (PveApi.Failure e) {
            permissionsUnreadable = e.getMessage();
            return Optional.empty();
        }
    }
}
