package dev.pxci.adapter.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.adapter.proxmox.internal.ApiError;
import dev.pxci.adapter.proxmox.internal.Backups;
import dev.pxci.adapter.proxmox.internal.CreateChecks;
import dev.pxci.adapter.proxmox.internal.Credentials;
import dev.pxci.adapter.proxmox.internal.IdAllocator;
import dev.pxci.adapter.proxmox.internal.MarkedCreate;
import dev.pxci.adapter.proxmox.internal.ParallelReads;
import dev.pxci.adapter.proxmox.internal.ProxmoxSettings;
import dev.pxci.adapter.proxmox.internal.PveClient.Repeat;
import dev.pxci.adapter.proxmox.internal.PveClient;
import dev.pxci.adapter.proxmox.internal.ShareHolders;
import dev.pxci.adapter.proxmox.internal.TaskWaiter;
import dev.pxci.adapter.proxmox.internal.TlsPolicy;
import dev.pxci.adapter.proxmox.internal.Tuning;
import dev.pxci.adapter.proxmox.internal.Upid;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Backup;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.CreationMark;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.ConfigCodec;
import dev.pxci.proxmox.model.ConfigPlan;
import dev.pxci.proxmox.model.Lenient;
import dev.pxci.proxmox.model.PveNodes;
import dev.pxci.proxmox.model.PveVersion;
import dev.pxci.proxmox.model.TemplateVolumes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link ContainerPlatform} over the Proxmox VE REST API. Thread-safe: one pooled HTTP client,
 * no per-call state; clones of one source are serialized, id claims within this process too.
 *
 * <p>Reads come first: {@link #observe} costs one cluster listing plus one read per existing
 * container (several at once, {@code proxmox.readers}): its {@code pending} list, which carries
 * the config (values in effect, pending values, the digest) and so whether a restart is pending,
 * as later runs see it too; {@link #reconfigure} sends nothing when nothing differs. Writes that
 * meet a lock are repeated with backoff; writes whose repetition is harmless (config, start,
 * shutdown, destroy) are also repeated after transient faults.
 *
 * <p>{@link DestroyOptions#keepMountVolumes()}: Proxmox VE destroys every volume a container
 * owns, mount points and detached ({@code unusedN}) volumes alike, so the volumes are first moved
 * to a holder container ({@link ShareHolders}); a create of the same id takes the declared mount
 * points back from it, and so does a reconfigure that adds one.
 */
public final class ProxmoxPlatform implements ContainerPlatform {

    private final ProxmoxSettings settings;
    private final PveClient client;
    private final TaskWaiter tasks;
    private final IdAllocator ids;
    private final ShareHolders holders;
    private final MarkedCreate creates;
    private final Backups backups;
    private final CreateChecks createChecks;
    private final int readers;
    private volatile PlatformInfo info;

    ProxmoxPlatform(ProxmoxSettings settings, Tuning tuning) {
        this.settings = settings;
        this.client = new PveClient(settings, tuning);
        this.tasks = new TaskWaiter(client);
        this.ids = new IdAllocator(client, settings.idRange(), tuning.idAttempts());
        this.creates = new MarkedCreate(client, tasks, java.util.UUID.randomUUID().toString(), settings.taskTimeout());
        this.holders = new ShareHolders(client, tasks, ids, creates, settings.taskTimeout());
        this.backups = new Backups(client, tasks, holders, settings.taskTimeout());
        this.createChecks = new CreateChecks(client);
        this.readers = settings.readers();
    }

    @Override
    public PlatformInfo info() {
        PlatformInfo known = info;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (info == null) {
                JsonNode version = client.get("/version");
                List<String> warnings = new ArrayList<>();
                if (settings.tls() instanceof TlsPolicy.Insecure) {
                    warnings.add("TLS certificate verification is OFF for " + client.endpoint() + " ("
                            + ProxmoxSettings.INSECURE.name() + "=true): anyone on the network path can pose as the node and"
                            + " read the credentials; pin the certificate with " + ProxmoxSettings.FINGERPRINT + " instead");
                }
                info = PveVersion.info(version, warnings);
            }
            return info;
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        return PveNodes.of(client.get("/nodes"));
    }

    @Override
    public Map<Integer, ObservedContainer> observe(Set<Integer> vmids) {
        Map<Integer, ObservedContainer> observed = new TreeMap<>();
        if (vmids.isEmpty()) {
            return observed;
        }
        List<ClusterResource> listed = List.copyOf(containers(vmids).values());
        List<Optional<JsonNode>> pendings = ParallelReads.map(listed, readers, r -> read(r, "pending"));
        for (int i = 0; i < listed.size(); i++) {
            ClusterResource resource = listed.get(i);
            pendings.get(i).ifPresent(pending -> {
                JsonNode config = ConfigCodec.pendingConfig(pending);
                Optional<String> lock = Lenient.text(config, "lock").or(resource::lock);
                observed.put(resource.vmid(), new ObservedContainer(
                        new ContainerRef(resource.vmid(), resource.node()),
                        ConfigCodec.decode(resource.vmid(), config, Optional.of(resource)),
                        resource.power(),
                        lock,
                        Lenient.text(config, "digest").orElse(""),
                        !ConfigCodec.pendingKeys(pending).isEmpty(),
                        CreationMark.originOf(Lenient.text(config, "description").orElse(""), lock)));
            });
        }
        return observed;
    }

    @Override
    public List<String> templates(String node) {
        List<String> volids = new ArrayList<>();
        for (JsonNode storage : client.get(PveClient.path("nodes", node, "storage"), Map.of("content", "vztmpl"))) {
            Optional<String> name = Lenient.text(storage, "storage");
            if (name.isEmpty() || !Lenient.bool(storage, "active", true) || !Lenient.bool(storage, "enabled", true)) {
                continue;
            }
            for (JsonNode item : client.get(PveClient.path("nodes", node, "storage", name.get(), "content"),
                    Map.of("content", "vztmpl"))) {
                Lenient.text(item, "volid").ifPresent(volids::add);
            }
        }
        volids.sort(Comparator.naturalOrder());
        return List.copyOf(volids);
    }

    @Override
    public List<String> downloadableTemplates(String node) {
        return TemplateVolumes.downloadable(client.get(PveClient.path("nodes", node, "aplinfo")));
    }

    @Override
    public List<String> downloadTemplate(String node, String storage, String file) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("storage", storage);
        form.put("template", file);
        Upid task = Upid.parse(client.post(PveClient.path("nodes", node, "aplinfo"), form, Repeat.SAFE).asText());
        return tasks.await(task, settings.taskTimeout());
    }

    @Override
    public TaskOutcome create(ContainerSpec spec) {
        long started = System.nanoTime();
        if (!spec.config().features().equals(Features.NONE)) {
            requireTicketWhenNeeded(spec.config(), "create " + (spec.vmid() == ContainerSpec.ANY_ID ? "a container" : "CT " + spec.vmid()));
        }
        String node = ContainerSpec.AUTO_NODE.equals(spec.node()) ? placement() : spec.node();
        String ostemplate = TemplateVolumes.resolve(node, spec.template(), () -> templates(node));
        if (spec.vmid() == ContainerSpec.ANY_ID) {
            MarkedCreate.Started claimed = ids.claim(id -> creates.post(node, ConfigCodec.createForm(spec, id, ostemplate)));
            List<String> warnings = creates.await(claimed);
            return outcome(new ContainerRef(claimed.vmid(), claimed.node()), taskId(claimed), warnings, started);
        }
        Optional<ShareHolders.Held> held = holders.heldFor(spec.vmid(), node, spec.config().mounts());
        Map<String, String> form = ConfigCodec.createForm(spec, spec.vmid(), ostemplate);
        held.ifPresent(h -> h.targetSlots().forEach(slot -> form.remove("mp" + slot)));
        MarkedCreate.Started task = creates.post(node, form);
        List<String> warnings = new ArrayList<>(creates.await(task));
        ContainerRef created = new ContainerRef(spec.vmid(), task.node());
        held.ifPresent(h -> warnings.addAll(holders.reclaim(created, h)));
        return outcome(created, taskId(task), warnings, started);
    }

    /** What this platform writes into the description of each container it creates, to know it again. */
    String createMark() {
        return creates.mark();
    }

    private static String taskId(MarkedCreate.Started started) {
        return started.task().map(Upid::raw).orElse("");
    }

    @Override
    public TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision) {
        long started = System.nanoTime();
        String configPath = PveClient.path("nodes", container.node(), "lxc", container.vmid(), "config");
        JsonNode raw = client.get(configPath);
        String digest = Lenient.text(raw, "digest").orElse("");
        if (!digest.equals(expectedRevision)) {
            throw new PxciException(ErrorCode.CONFLICT, container + " changed since it was observed (revision "
                    + expectedRevision + ", now " + digest + ")", "observe it again and re-plan");
        }
        List<String> warnings = new ArrayList<>();
        Optional<ShareHolders.Held> held = holders.heldFor(container.vmid(), container.node(),
                ConfigCodec.addedMounts(raw, desired));
        if (held.isPresent()) {
            if (held.get().targetRunning()) {
                throw new PxciException(ErrorCode.CONFLICT, container + " runs, and the volumes its holder CT "
                        + held.get().holder().vmid() + " keeps for " + slotNames(held.get().targetSlots())
                        + " move only into a stopped container", "stop it (pct shutdown " + container.vmid()
                                + ") and apply again");
            }
            warnings.addAll(holders.reclaim(container, held.get()));
            raw = client.get(configPath);
            digest = Lenient.text(raw, "digest").orElse("");
        }
        ConfigPlan plan = ConfigCodec.plan(container.vmid(), raw, desired);
        if (!plan.unwritable().isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, container + " cannot change in place: "
                    + String.join("; ", plan.unwritable()), "replace the container (destroy and create) to apply this");
        }
        if (plan.isEmpty()) {
            return outcome(container, "", warnings, started);
        }
        if (plan.featuresChange()) {
            requireTicketWhenNeeded(desired, "change the features of " + container);
        }
        if (!plan.set().isEmpty() || !plan.delete().isEmpty()) {
            putConfig(container, configPath, plan, digest, desired);
            plan.delete().stream().filter(k -> k.startsWith("mp"))
                    .forEach(k -> warnings.add(k + " was detached; Proxmox VE keeps its volume as an unused disk of " + container
                            + ", and pxci mounts it again when its path is declared again"));
        }
        String lastTask = "";
        for (ConfigPlan.Resize resize : plan.resizes()) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("disk", resize.disk());
            form.put("size", resize.sizeGiB() + "G");
            Upid task = Upid.parse(client.put(PveClient.path("nodes", container.node(), "lxc", container.vmid(), "resize"),
                    form, Repeat.SAFE).asText());
            warnings.addAll(tasks.await(task, settings.taskTimeout()));
            lastTask = task.raw();
        }
        try {
            List<String> pending = ConfigCodec.pendingKeys(
                    client.get(PveClient.path("nodes", container.node(), "lxc", container.vmid(), "pending")));
            if (!pending.isEmpty()) {
                warnings.add("pending until " + container + " restarts: " + String.join(", ", pending));
            }
        } catch (PxciException e) {
            // the change is applied; only the question whether it waits for a restart is open
            warnings.add("the change is applied, but whether it waits for a restart is unknown: " + e.getMessage());
        }
        return outcome(container, lastTask, warnings, started);
    }

    /**
     * PUTs the plan with the digest it was made from. When someone else changed the config in
     * between ("detected modified configuration"), the config is read again and the change planned
     * again from it: nothing left means an earlier attempt of this very PUT landed; a change that
     * still holds (and can still be made in place) is sent once more with the new digest.
     */
    private void putConfig(ContainerRef container, String configPath, ConfigPlan plan, String digest, ContainerConfig desired) {
        try {
            client.put(configPath, configForm(plan, digest), Repeat.SAFE);
        } catch (ApiError e) {
            if (e.code() != ErrorCode.CONFLICT || !e.says("detected modified configuration")) {
                throw e;
            }
            JsonNode now = client.get(configPath);
            ConfigPlan left = ConfigCodec.plan(container.vmid(), now, desired);
            if (!left.unwritable().isEmpty()) {
                e.addSuppressed(new PxciException(ErrorCode.CONFLICT, "after the concurrent change " + container
                        + " cannot change in place: " + String.join("; ", left.unwritable())));
                throw e;
            }
            if (!left.set().isEmpty() || !left.delete().isEmpty()) {
                client.put(configPath, configForm(left, Lenient.text(now, "digest").orElse("")), Repeat.SAFE);
            }
        }
    }

    private static Map<String, String> configForm(ConfigPlan plan, String digest) {
        Map<String, String> form = new LinkedHashMap<>(new TreeMap<>(plan.set()));
        if (!plan.delete().isEmpty()) {
            form.put("delete", String.join(",", plan.delete()));
        }
        form.put("digest", digest);
        return form;
    }

    @Override
    public TaskOutcome start(ContainerRef container) {
        long started = System.nanoTime();
        try {
            Upid task = Upid.parse(client.post(statusPath(container, "start"), Map.of(), Repeat.SAFE).asText());
            List<String> warnings = tasks.await(task, settings.taskTimeout());
            return outcome(container, task.raw(), warnings, started);
        } catch (ApiError e) {
            if (e.says("already running")) {
                return outcome(container, "", List.of(), started);
            }
            throw e;
        }
    }

    /** Shuts the container down cleanly, stopping it hard after {@code timeout}; a stopped one is left alone. */
    private TaskOutcome shutdown(ContainerRef container, Duration timeout) {
        long started = System.nanoTime();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("timeout", Long.toString(Math.max(1, timeout.toSeconds())));
        form.put("forceStop", "1");
        try {
            Upid task = Upid.parse(client.post(statusPath(container, "shutdown"), form, Repeat.SAFE).asText());
            List<String> warnings = tasks.await(task, timeout.plus(settings.taskTimeout()));
            return outcome(container, task.raw(), warnings, started);
        } catch (ApiError e) {
            if (e.says("not running")) {
                return outcome(container, "", List.of(), started);
            }
            throw e;
        }
    }

    @Override
    public TaskOutcome reboot(ContainerRef container) {
        long started = System.nanoTime();
        Upid task = Upid.parse(client.post(statusPath(container, "reboot"), Map.of(), Repeat.UNSAFE).asText());
        List<String> warnings = tasks.await(task, settings.taskTimeout());
        return outcome(container, task.raw(), warnings, started);
    }

    @Override
    public TaskOutcome destroy(ContainerRef container, DestroyOptions options) {
        long started = System.nanoTime();
        Optional<ClusterResource> found = Optional.ofNullable(containers(Set.of(container.vmid())).get(container.vmid()));
        Optional<JsonNode> config = found.flatMap(r -> read(r, "config"));
        if (found.isEmpty() || config.isEmpty()) {
            return outcome(container, "", purgedHolder(container.vmid(), options), started);
        }
        ContainerRef where = new ContainerRef(container.vmid(), found.get().node());
        List<String> warnings = new ArrayList<>();
        if (found.get().power() == PowerState.RUNNING) {
            warnings.addAll(shutdown(where, options.shutdownTimeout()).warnings());
        }
        if (options.keepMountVolumes()) {
            warnings.addAll(holders.park(where, config.get(),
                    () -> TemplateVolumes.resolve(where.node(), options.template(), () -> templates(where.node()))));
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("purge", "1");
        query.put("force", "1");
        query.put("destroy-unreferenced-disks", options.keepMountVolumes() ? "0" : "1");
        String taskId = "";
        try {
            Upid task = Upid.parse(client.delete(PveClient.path("nodes", where.node(), "lxc", where.vmid()), query,
                    Repeat.SAFE).asText());
            warnings.addAll(tasks.await(task, settings.taskTimeout()));
            taskId = task.raw();
        } catch (ApiError e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        warnings.addAll(purgedHolder(container.vmid(), options));
        return outcome(where, taskId, warnings, started);
    }

    /** With the volumes purged, the holder of volumes kept by an earlier destroy goes too. */
    private List<String> purgedHolder(int vmid, DestroyOptions options) {
        return options.keepMountVolumes() ? List.of() : holders.purge(vmid).stream().toList();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The containers among {@code vmids}, from one cluster-wide listing. */
    private Map<Integer, ClusterResource> containers(Set<Integer> vmids) {
        Map<Integer, ClusterResource> found = new HashMap<>();
        for (JsonNode entry : client.get("/cluster/resources", Map.of("type", "vm"))) {
            ClusterResource.from(entry)
                    .filter(r -> r.isContainer() && vmids.contains(r.vmid()))
                    .ifPresent(r -> found.put(r.vmid(), r));
        }
        return found;
    }

    /** {@code config} or {@code pending} of a listed container; empty when it vanished since the listing. */
    private Optional<JsonNode> read(ClusterResource resource, String what) {
        try {
            return Optional.of(client.get(PveClient.path("nodes", resource.node(), "lxc", resource.vmid(), what)));
        } catch (ApiError e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String placement() {
        return PveNodes.roomiest(nodes()).map(NodeInfo::name)
                .orElseThrow(() -> new PxciException(ErrorCode.FAILED, "no online node to place a container on",
                        "check the cluster with 'pvecm status'"));
    }


    private void requireTicketWhenNeeded(ContainerConfig config, String action) {
        rootOnlyRefusal(config).ifPresent(reason -> {
            throw new PxciException(ErrorCode.FORBIDDEN, "cannot " + action + ": " + reason, rootHint());
        });
    }

    /**
     * Why Proxmox VE would refuse to set or change the features of {@code config} for these credentials: they are
     * root@pam's alone (pve-container's {@code check_ct_modify_config_perm} compares the user
     * with {@code root@pam} literally, so no token is ever root).
     */
    private Optional<String> rootOnlyRefusal(ContainerConfig config) {
        Credentials who = client.credentials();
        boolean root = who instanceof Credentials.Password password && password.user().equals("root@pam");
        if (root) {
            return Optional.empty();
        }
        String as = who instanceof Credentials.ApiToken ? "API token " + who.identity() : "user " + who.identity();
        return ConfigCodec.rootOnlyReason(config).map(reason -> reason + ", and pxci authenticates as " + as);
    }

    private String rootHint() {
        return client.credentials() instanceof Credentials.ApiToken
                ? "a token is never root@pam, not even root@pam's own: set proxmox.user=root@pam and proxmox.password"
                        + " instead of proxmox.token, or drop those features"
                : "log in as root@pam (proxmox.user=root@pam), or drop those features";
    }

    @Override
    public List<String> createRefusals(ContainerSpec spec) {
        List<String> refusals = new ArrayList<>();
        List<NodeInfo> cluster = nodes();
        String node = spec.node();
        if (ContainerSpec.AUTO_NODE.equals(node)) {
            Optional<NodeInfo> roomiest = PveNodes.roomiest(cluster);
            if (roomiest.isEmpty()) {
                return List.of("NODE auto: no node of the cluster is online");
            }
            node = roomiest.get().name();
        } else {
            String named = node;
            Optional<NodeInfo> found = cluster.stream().filter(n -> n.name().equals(named)).findFirst();
            if (found.isEmpty()) {
                return List.of("NODE " + node + " is not a node of the cluster (nodes: "
                        + String.join(", ", cluster.stream().map(NodeInfo::name).toList()) + ")");
            }
            if (!found.get().online()) {
                return List.of("NODE " + node + " is offline");
            }
        }
        refusals.addAll(createChecks.storages(node, spec.config()));
        refusals.addAll(createChecks.bridges(node, spec.config()));
        if (!spec.config().features().equals(Features.NONE)) {
            rootOnlyRefusal(spec.config()).ifPresent(reason -> refusals.add("FEATURES: " + reason));
        }
        if (spec.vmid() != ContainerSpec.ANY_ID) {
            refusals.addAll(createChecks.id(spec.vmid(), node, !spec.config().mounts().isEmpty()));
        }
        return List.copyOf(refusals);
    }

    @Override
    public Backup backup(ContainerRef container) {
        long started = System.nanoTime();
        Backups.Taken taken = backups.backup(container);
        return new Backup(container, taken.volume(), outcome(container, taken.task().raw(), taken.warnings(), started));
    }

    @Override
    public TaskOutcome restore(Backup backup) {
        long started = System.nanoTime();
        Backups.Taken taken = backups.restore(backup.container(), backup.id());
        return outcome(backup.container(), taken.task().raw(), taken.warnings(), started);
    }

    private static String slotNames(Set<Integer> slots) {
        return String.join(", ", slots.stream().map(slot -> "mp" + slot).toList());
    }

    private static String statusPath(ContainerRef container, String action) {
        return PveClient.path("nodes", container.node(), "lxc", container.vmid(), "status", action);
    }

    private static TaskOutcome outcome(ContainerRef container, String taskId, List<String> warnings, long startedNanos) {
        return new TaskOutcome(container, taskId, warnings, Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
