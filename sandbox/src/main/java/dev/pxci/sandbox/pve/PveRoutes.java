package dev.pxci.sandbox.pve;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the schema's endpoints (method and path template) to the operations that implement them.
 * An endpoint of the schema without a binding answers 501, as an unknown method does on PVE.
 */
final class PveRoutes {

    /** One validated API call: normalised parameters (path variables included) and the caller. */
    record ApiCall(Map<String, String> params, Access.Identity who) {
        String get(String name) {
            return params.get(name);
        }

        String node() {
            return params.get("node");
        }

        int vmid() {
            return Integer.parseInt(params.get("vmid"));
        }
    }

    /** The answer of one endpoint: the {@code data} value, or {@link ClusterReads.Paged} for lists with a total. */
    @FunctionalInterface
    interface Route {
        Object handle(ApiCall call);
    }

    private static final String LXC = "/nodes/{node}/lxc/{vmid}";
    private static final String TASK = "/nodes/{node}/tasks/{upid}";

    private final Map<String, Route> routes = new HashMap<>();

    PveRoutes(ClusterReads cluster, LxcReads reads, LxcOperations lxc, LxcCopies copies, LxcVolumeMoves moves,
            TemplateDownloads downloads, Backups backups, Access access) {
        get("/version", call -> cluster.version());
        get("/nodes", call -> cluster.nodes());
        get("/nodes/{node}/status", call -> cluster.nodeStatus(call.node()));
        get("/nodes/{node}/network", call -> cluster.network(call.node(), call.get("type")));
        get("/cluster/resources", call -> cluster.resources(call.get("type")));
        get("/cluster/nextid", call -> cluster.nextId(call.get("vmid")));
        get("/cluster/status", call -> cluster.clusterStatus());
        get("/pools", call -> List.of());
        get("/nodes/{node}/storage", call -> cluster.storages(call.node(), call.get("content"), call.get("storage")));
        get("/nodes/{node}/storage/{storage}/content", call -> {
            List<Map<String, Object>> items = new java.util.ArrayList<>(
                    cluster.storageContent(call.node(), call.get("storage"), call.get("content"), call.get("vmid")));
            if (call.get("content") == null || call.get("content").equals("backup")) {
                items.addAll(backups.content(call.node(), call.get("storage"), call.get("vmid")));
            }
            return items;
        });
        bind("DELETE", "/nodes/{node}/storage/{storage}/content/{volume}",
                call -> backups.remove(call.node(), call.get("storage"), call.get("volume"), call.who()));
        bind("POST", "/nodes/{node}/vzdump", call -> backups.vzdump(call.node(), call.params(), call.who()));
        get("/nodes/{node}/aplinfo", call -> downloads.index(call.node()));
        bind("POST", "/nodes/{node}/aplinfo",
                call -> downloads.download(call.node(), call.get("storage"), call.get("template"), call.who()));
        get("/access/ticket", call -> null);
        bind("POST", "/access/ticket", call -> {
            Access.Login login = access.login(call.get("username"), call.get("password"), call.get("realm"),
                    ClusterState.now());
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("username", login.username());
            out.put("ticket", login.ticket());
            out.put("CSRFPreventionToken", login.csrfToken());
            out.put("clustername", ClusterReads.REPO_ID);
            out.put("cap", Map.of());
            return out;
        });

        get("/access/permissions", call -> access.control().permissions(call.who(), call.get("userid"), call.get("path")));
        get("/access/acl", call -> access.control().aclList());
        bind("PUT", "/access/acl", call -> {
            access.control().modifyAcl(call.who(), call.params());
            return null;
        });
        bind("POST", "/access/users/{userid}/token/{tokenid}", call -> access.control().addToken(call.who(),
                call.get("userid"), call.get("tokenid"), call.get("privsep"), call.get("expire"), call.get("comment")));

        get("/nodes/{node}/lxc", call -> reads.list(call.node()));
        bind("POST", "/nodes/{node}/lxc", call -> lxc.create(call.node(), call.params(), call.who()));
        get(LXC, call -> reads.index(call.node(), call.vmid(), List.of("config", "pending", "status", "snapshot",
                "clone", "template", "resize", "feature", "interfaces", "migrate", "move_volume")));
        bind("DELETE", LXC, call -> lxc.destroy(call.node(), call.vmid(), call.params(), call.who()));
        get(LXC + "/config", call -> reads.config(call.node(), call.vmid(), call.get("snapshot")));
        bind("PUT", LXC + "/config", call -> {
            lxc.updateConfig(call.node(), call.vmid(), call.params());
            return null;
        });
        get(LXC + "/pending", call -> reads.pending(call.node(), call.vmid()));
        get(LXC + "/feature", call -> reads.feature(call.node(), call.vmid(), call.get("feature")));
        get(LXC + "/interfaces", call -> reads.interfaces(call.node(), call.vmid()));
        get(LXC + "/status", call -> reads.index(call.node(), call.vmid(),
                List.of("current", "start", "stop", "shutdown", "reboot", "suspend", "resume")));
        get(LXC + "/status/current", call -> reads.statusCurrent(call.node(), call.vmid()));
        bind("POST", LXC + "/status/start", call -> lxc.start(call.node(), call.vmid(), call.who()));
        bind("POST", LXC + "/status/stop",
                call -> lxc.stop(call.node(), call.vmid(), call.params(), "vzstop", call.who()));
        bind("POST", LXC + "/status/shutdown",
                call -> lxc.stop(call.node(), call.vmid(), call.params(), "vzshutdown", call.who()));
        bind("POST", LXC + "/status/reboot", call -> lxc.reboot(call.node(), call.vmid(), call.who()));
        bind("POST", LXC + "/clone", call -> copies.cloneContainer(call.node(), call.vmid(), call.params(), call.who()));
        bind("POST", LXC + "/template", call -> {
            copies.template(call.node(), call.vmid(), call.who());
            return null;
        });
        bind("PUT", LXC + "/resize",
                call -> copies.resize(call.node(), call.vmid(), call.get("disk"), call.get("size"), call.who()));
        bind("POST", LXC + "/move_volume", call -> moves.moveVolume(call.node(), call.vmid(), call.params(), call.who()));
        get(LXC + "/snapshot", call -> reads.snapshots(call.node(), call.vmid()));
        bind("POST", LXC + "/snapshot", call -> copies.snapshot(call.node(), call.vmid(), call.get("snapname"),
                call.get("description"), call.who()));
        bind("DELETE", LXC + "/snapshot/{snapname}",
                call -> copies.deleteSnapshot(call.node(), call.vmid(), call.get("snapname"), call.who()));
        get(LXC + "/snapshot/{snapname}/config", call -> reads.config(call.node(), call.vmid(), call.get("snapname")));
        bind("POST", LXC + "/snapshot/{snapname}/rollback", call -> copies.rollback(call.node(), call.vmid(),
                call.get("snapname"), "1".equals(call.get("start")), call.who()));

        get("/nodes/{node}/tasks", call -> cluster.tasks(call.node(), call.params()));
        get(TASK, call -> cluster.taskIndex(call.node(), call.get("upid")));
        get(TASK + "/status", call -> cluster.taskStatus(call.node(), call.get("upid")));
        get(TASK + "/log", call -> cluster.taskLog(call.node(), call.get("upid"), call.params()));
        bind("DELETE", TASK, call -> {
            cluster.stopTask(call.node(), call.get("upid"));
            return null;
        });
    }

    private void get(String template, Route route) {
        bind("GET", template, route);
    }

    private void bind(String method, String template, Route route) {
        routes.put(method + " " + template, route);
    }

    Route find(String method, String template) {
        return routes.get(method + " " + template);
    }
}
