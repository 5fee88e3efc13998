package dev.pxci.adapter.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.adapter.ansible.internal.AnsibleProblems;
import dev.pxci.adapter.ansible.internal.ApiAnswer;
import dev.pxci.adapter.ansible.internal.ApiReader;
import dev.pxci.adapter.ansible.internal.ChildEnvironment;
import dev.pxci.adapter.ansible.internal.ExtraVars;
import dev.pxci.adapter.ansible.internal.Inventory;
import dev.pxci.adapter.ansible.internal.ModuleSupport;
import dev.pxci.adapter.ansible.internal.PlatformSettings;
import dev.pxci.adapter.ansible.internal.PlaybookInvocation;
import dev.pxci.adapter.ansible.internal.PlaybookResult;
import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.ansible.internal.ProvisionVars;
import dev.pxci.adapter.ansible.internal.ProxmoxEndpoint;
import dev.pxci.adapter.ansible.internal.ProxmoxModuleErrors;
import dev.pxci.adapter.ansible.internal.TaskResult;
import dev.pxci.adapter.ansible.internal.TaskStatus;
import dev.pxci.adapter.ansible.internal.TrustAnchor;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.CreationMark;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.InPlace;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.TaskOutcome;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.proxmox.model.ClusterResource;
import dev.pxci.proxmox.model.ConfigCodec;
import dev.pxci.proxmox.model.ConfigPlan;
import dev.pxci.proxmox.model.Lenient;
import dev.pxci.proxmox.model.PveNodes;
import dev.pxci.proxmox.model.PveVersion;
import dev.pxci.proxmox.model.TemplateVolumes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ContainerPlatform} by running Ansible, the seed's way: every change is the provisioning
 * play of the base playbook ({@code infra/base/default.yml}, tag {@code provision}) with the
 * Proxmox LXC module of the installed collection; every read is a small read-only playbook with
 * {@code ansible.builtin.uri} against the API. What the installed module cannot do is refused with
 * {@code UNSUPPORTED}, naming the collection version that can.
 *
 * <p>Thread-safe: each call runs its own {@code ansible-playbook} process. The API token reaches
 * the playbooks only through each run's 0600 variables file.
 */
public final class AnsiblePlatform implements ContainerPlatform {
    private static final String PROVISION_TAG = "provision";
    private static final String TEMPLATE_TAG = "template";
    private static final String ROLE_PREFIX = "base : ";
    private static final int ID_ATTEMPTS = 3;
    private static final Duration PVE_SHUTDOWN_DEFAULT = Duration.ofSeconds(60);

    private final PlatformSettings settings;
    private final PlaybookRunner runner;
    private final OutputListener progress;
    private final ProxmoxModuleErrors moduleErrors = new ProxmoxModuleErrors(ProxmoxEndpoint.CA_FILE);
    private final TrustAnchor trust;
    private final String mark = CreationMark.of(UUID.randomUUID().toString());
    private volatile ApiReader reader;
    private volatile ModuleSupport support;
    private volatile PlatformInfo info;

    /**
     * @param settings where the API and the playbook are, and the timeouts
     * @param runner runs {@code ansible-playbook}
     * @param progress receives every playbook event as a redacted line
     */
    AnsiblePlatform(PlatformSettings settings, PlaybookRunner runner, OutputListener progress) {
        this.settings = settings;
        this.runner = runner;
        this.progress = progress;
        this.trust = new TrustAnchor(settings.endpoint());
    }

    @Override
    public PlatformInfo info() {
        PlatformInfo known = info;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (info == null) {
                JsonNode version = reader().getOne("read the Proxmox VE version", "/version");
                List<String> warnings = new ArrayList<>();
                if (settings.endpoint().insecure()) {
                    warnings.add("TLS certificate verification is OFF for " + settings.endpoint().apiUrl() + " ("
                            + ProxmoxEndpoint.INSECURE.name() + "=true): anyone on the network path can pose as the node and read"
                            + " the API token; trust its CA with " + ProxmoxEndpoint.CA_FILE + " instead");
                }
                info = PveVersion.info(version, warnings);
            }
            return info;
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        return PveNodes.of(reader().getOne("list the nodes", "/nodes"));
    }

    @Override
    public Map<Integer, ObservedContainer> observe(Set<Integer> vmids) {
        Map<Integer, ObservedContainer> observed = new TreeMap<>();
        read(vmids).forEach((vmid, read) -> observed.put(vmid, read.observed()));
        return observed;
    }

    /** A container as read: its cluster listing entry, its config and whether changes wait for a restart. */
    private record Read(ClusterResource resource, JsonNode config, boolean restartPending) {
        ObservedContainer observed() {
            Optional<String> lock = Lenient.text(config, "lock").or(resource::lock);
            return new ObservedContainer(new ContainerRef(resource.vmid(), resource.node()),
                    ConfigCodec.decode(resource.vmid(), config, Optional.of(resource)), resource.power(), lock,
                    Lenient.text(config, "digest").orElse(""), restartPending,
                    CreationMark.originOf(Lenient.text(config, "description").orElse(""), lock));
        }
    }

    /** The containers among {@code vmids}: one cluster listing, then each one's config and pending changes in one playbook. */
    private Map<Integer, Read> read(Set<Integer> vmids) {
        Map<Integer, Read> read = new TreeMap<>();
        Map<Integer, ClusterResource> resources = vmids.isEmpty() ? Map.of() : containers(vmids);
        if (resources.isEmpty()) {
            return read;
        }
        List<String> paths = new ArrayList<>();
        resources.forEach((vmid, r) -> {
            paths.add(lxcPath(r.node(), vmid) + "/config");
            paths.add(lxcPath(r.node(), vmid) + "/pending");
        });
        List<ApiAnswer> answers = reader().get("read " + resources.size() + " container configuration(s)", paths);
        int i = 0;
        for (Map.Entry<Integer, ClusterResource> e : resources.entrySet()) {
            ApiAnswer config = answers.get(i++);
            ApiAnswer pending = answers.get(i++);
            if (!config.missing()) { // else destroyed since the listing
                read.put(e.getKey(), new Read(e.getValue(), config.data(),
                        pending.ok() && !ConfigCodec.pendingKeys(pending.data()).isEmpty()));
            }
        }
        return read;
    }

    /**
     * What Proxmox VE would refuse at create, told with one read: each disk's storage must take
     * container directories; and features are root@pam's on a privileged container (and beyond
     * nesting on any), which the API token this platform uses never is.
     */
    @Override
    public List<String> createRefusals(ContainerSpec spec) {
        String node = ContainerSpec.AUTO_NODE.equals(spec.node()) ? placement() : spec.node();
        Map<String, List<String>> contents = new TreeMap<>();
        for (JsonNode s : reader().getOne("list the storages of " + node, "/nodes/" + encode(node) + "/storage")) {
            Lenient.text(s, "storage").ifPresent(name -> contents.put(name,
                    List.of(Lenient.text(s, "content").orElse("").split("[,;\\s]+"))));
        }
        Map<String, String> disks = new java.util.LinkedHashMap<>();
        disks.put("DISK (rootfs)", spec.config().rootDisk().storage());
        spec.config().mounts().forEach(m -> disks.put("MOUNT (mp" + m.slot() + ")", m.storage()));
        List<String> refusals = new ArrayList<>();
        disks.forEach((what, storage) -> {
            if (!contents.containsKey(storage)) {
                refusals.add(what + ": storage '" + storage + "' does not exist on node " + node);
            } else if (!contents.get(storage).contains("rootdir")) {
                refusals.add(what + ": storage '" + storage + "' does not support container directories");
            }
        });
        if (!spec.config().features().equals(Features.NONE)) {
            ConfigCodec.rootOnlyReason(spec.config()).ifPresent(reason -> refusals.add("FEATURES: " + reason
                    + ", and the Ansible platform authenticates as API token " + settings.endpoint().tokenId()));
        }
        return List.copyOf(refusals);
    }

    @Override
    public List<String> templates(String node) {
        List<String> volids = new ArrayList<>();
        JsonNode storages = reader().getOne("list template storages on " + node, "/nodes/" + encode(node) + "/storage?content=vztmpl");
        List<String> paths = new ArrayList<>();
        for (JsonNode s : storages) {
            if (s.path("active").asInt(1) == 1 && s.path("enabled").asInt(1) == 1) {
                Lenient.text(s, "storage").ifPresent(name -> paths.add("/nodes/" + encode(node) + "/storage/" + encode(name)
                        + "/content?content=vztmpl"));
            }
        }
        for (ApiAnswer answer : reader().get("list templates on " + node, paths)) {
            for (JsonNode item : answer.data()) {
                Lenient.text(item, "volid").ifPresent(volids::add);
            }
        }
        volids.sort(Comparator.naturalOrder());
        return List.copyOf(volids);
    }

    @Override
    public List<String> downloadableTemplates(String node) {
        return TemplateVolumes.downloadable(reader().getOne("read the appliance index of " + node,
                "/nodes/" + encode(node) + "/aplinfo"));
    }

    @Override
    public List<String> downloadTemplate(String node, String storage, String file) {
        ExtraVars vars = base("present", 0, node)
                .put("base_template_download", file)
                .put("base_template_download_storage", storage);
        PlaybookResult result = run("download template " + file + " to " + storage + " on " + node, vars, TEMPLATE_TAG);
        taskResult(result, "Download the template from the node's appliance index", "download template " + file);
        return warnings(result);
    }

    private int freeId() {
        String id = reader().getOne("ask for a free container id", "/cluster/nextid").asText();
        try {
            return Integer.parseInt(id.strip());
        } catch (NumberFormatException e) {
            throw new PxciException(ErrorCode.FAILED, "/cluster/nextid answered '" + id + "', which is not an id");
        }
    }

    @Override
    public TaskOutcome create(ContainerSpec spec) {
        long started = System.nanoTime();
        requireSettable(spec.config(), "create a container");
        String node = ContainerSpec.AUTO_NODE.equals(spec.node()) ? placement() : spec.node();
        String template = TemplateVolumes.resolve(node, spec.template(), () -> templates(node));
        if (spec.vmid() != ContainerSpec.ANY_ID) {
            return createWithId(spec, spec.vmid(), node, template, started);
        }
        PxciException last = null;
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            try {
                return createWithId(spec, freeId(), node, template, started);
            } catch (PxciException e) {
                if (e.code() != ErrorCode.CONFLICT) {
                    throw e;
                }
                last = e; // another client took the id between nextid and create: ask again
            }
        }
        throw last;
    }

    private TaskOutcome createWithId(ContainerSpec spec, int vmid, String node, String template, long started) {
        ExtraVars vars = ProvisionVars.withConfig(base("present", vmid, node), spec.config())
                .put("base_container_ensure_exists", true)
                .put("base_container_template", template)
                .put("base_container_pubkeys", spec.sshPublicKeys())
                .put("base_container_description", mark);
        PlaybookResult result = provision("create CT " + vmid + " on " + node, vars);
        TaskResult created = taskResult(result, "Create the container", "create CT " + vmid);
        if (created.status() != TaskStatus.CHANGED) {
            throw new PxciException(ErrorCode.CONFLICT, "CT " + vmid + " already exists (" + created.message() + ")",
                    "choose another id, or destroy the existing container first");
        }
        return outcome(new ContainerRef(vmid, node), result, List.of(), started);
    }

    /**
     * What the installed module changes in place: with its {@code update} option every setting but
     * the disks (this adapter resizes no volumes and moves no mount points); without it nothing.
     */
    @Override
    public InPlace inPlace() {
        ModuleSupport module = support();
        return module.canUpdate()
                ? new InPlace(true, false, false, "the Ansible platform resizes no volumes and changes no mount points")
                : new InPlace(false, false, false, cannotUpdate(module));
    }

    private static String cannotUpdate(ModuleSupport module) {
        return "the proxmox module of " + module.describe() + " only creates containers (its 'update' option arrived in"
                + " community.general 8.1.0; community.proxmox has it)";
    }

    @Override
    public TaskOutcome reconfigure(ContainerRef container, ContainerConfig desired, String expectedRevision) {
        long started = System.nanoTime();
        ModuleSupport module = support();
        if (!module.canUpdate()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "cannot change " + container + " in place with Ansible: "
                    + cannotUpdate(module), "install community.general 8.1.0 or later, or community.proxmox; or use"
                            + " --platform proxmox");
        }
        requireSettable(desired, "change " + container);
        Read current = Optional.ofNullable(read(Set.of(container.vmid())).get(container.vmid()))
                .orElseThrow(() -> new PxciException(ErrorCode.NOT_FOUND, container + " does not exist"));
        String revision = Lenient.text(current.config(), "digest").orElse("");
        if (!revision.equals(expectedRevision)) {
            throw new PxciException(ErrorCode.CONFLICT, container + " changed since it was read (revision "
                    + revision + ", expected " + expectedRevision + ")", "read it again and re-plan");
        }
        List<String> notInPlace = notInPlace(ConfigCodec.plan(container.vmid(), current.config(), desired));
        if (!notInPlace.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the Ansible adapter cannot change " + String.join(", ", notInPlace)
                    + " of " + container + " in place", "replace the container, or use --platform proxmox, which resizes volumes");
        }
        ContainerRef where = current.observed().ref();
        if (current.observed().config().equals(desired)) {
            return outcome(where, null, List.of(), started);
        }
        ExtraVars vars = ProvisionVars.withConfig(base("present", container.vmid(), where.node()), desired)
                .put("base_container_update", true);
        PlaybookResult result = provision("change " + container, vars);
        taskResult(result, "Create the container", "change " + container);
        return outcome(where, result, List.of(), started);
    }

    /**
     * What of {@code plan} this adapter cannot write (see {@link #inPlace}): what no write to an existing
     * container expresses, and every resize or mount point change.
     */
    private static List<String> notInPlace(ConfigPlan plan) {
        List<String> refused = new ArrayList<>(plan.unwritable());
        plan.resizes().forEach(resize -> refused.add(resize.disk() + " grown to " + resize.sizeGiB() + "G"));
        Stream.concat(plan.set().keySet().stream(), plan.delete().stream()).filter(key -> key.matches("mp\\d+")).sorted()
                .forEach(key -> refused.add("mount point " + key));
        return refused;
    }

    @Override
    public TaskOutcome start(ContainerRef container) {
        long started = System.nanoTime();
        PlaybookResult result = provision("start " + container, base("started", container.vmid(), container.node()));
        taskResult(result, "Start the container", "start " + container);
        return outcome(container, result, List.of(), started);
    }

    @Override
    public TaskOutcome reboot(ContainerRef container) {
        long started = System.nanoTime();
        ExtraVars vars = base("restarted", container.vmid(), container.node()).put("base_container_force_stop", true);
        PlaybookResult result = provision("restart " + container, vars);
        taskResult(result, "Restart the container", "restart " + container);
        return outcome(container, result, List.of(), started);
    }

    @Override
    public TaskOutcome destroy(ContainerRef container, DestroyOptions options) {
        long started = System.nanoTime();
        ClusterResource resource = containers(Set.of(container.vmid())).get(container.vmid());
        if (resource == null) {
            return outcome(container, null, List.of(), started);
        }
        ContainerRef where = new ContainerRef(container.vmid(), resource.node());
        ApiAnswer config = reader().get("read " + where, List.of(lxcPath(where.node(), where.vmid()) + "/config")).get(0);
        if (config.missing()) {
            return outcome(where, null, List.of(), started);
        }
        List<String> volumes = ConfigCodec.ownedVolumes(config.data()).entrySet().stream()
                .map(v -> v.getKey() + " (" + v.getValue() + ")").toList();
        if (options.keepMountVolumes() && !volumes.isEmpty()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "refusing to destroy " + where + ": its volumes are to be kept, but"
                    + " Proxmox VE destroys every volume a container owns: " + String.join(", ", volumes),
                    "copy the data elsewhere or move the volumes to another container first (pct move-volume on the node),"
                            + " or destroy with the volumes purged");
        }
        ExtraVars vars = base("absent", where.vmid(), where.node())
                .put("base_container_force_stop", true)
                .put("base_container_purge", true);
        PlaybookResult result = provision("destroy " + where, vars);
        taskResult(result, "Destroy the container", "destroy " + where);
        List<String> warnings = options.shutdownTimeout().equals(PVE_SHUTDOWN_DEFAULT)
                || !"running".equals(resource.status()) ? List.of()
                : List.of("the Ansible module cannot pass a shutdown timeout: Proxmox VE's own "
                        + PVE_SHUTDOWN_DEFAULT.toSeconds() + " s applied before the hard stop");
        return outcome(where, result, warnings, started);
    }

    @Override
    public void close() {
        ApiReader r = reader;
        if (r != null) {
            r.close();
        }
        trust.close();
    }

    // ---- helpers -------------------------------------------------------------------------

    /** What the installed module is and can do; read once. */
    ModuleSupport support() {
        ModuleSupport known = support;
        if (known == null) {
            synchronized (this) {
                if (support == null) {
                    support = ModuleSupport.detect(runner.executable(),
                            ChildEnvironment.forTools(System.getenv()));
                }
                known = support;
            }
        }
        return known;
    }

    private void requireSettable(ContainerConfig config, String action) {
        if (config.startup().isPresent() && !support().canSetStartup()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "cannot " + action + " with a start order through Ansible: the"
                    + " proxmox module of " + support().describe() + " has no 'startup' option (it arrived in"
                    + " community.general 8.5.0; community.proxmox has it)",
                    "install community.general 8.5.0 or later, or community.proxmox; or drop START_ORDER; or use --platform proxmox");
        }
    }

    private ExtraVars base(String state, int vmid, String node) {
        return ProvisionVars.base(settings.endpoint(), trust.caFile(), settings.taskTimeout(), state, vmid, node);
    }

    private PlaybookResult provision(String purpose, ExtraVars vars) {
        return run(purpose, vars, PROVISION_TAG);
    }

    /** Runs the tasks of the base playbook that carry {@code tag}. */
    private PlaybookResult run(String purpose, ExtraVars vars, String tag) {
        support(); // fails early and clearly when no Proxmox module is installed
        PlaybookResult result = runner.run(new PlaybookInvocation(purpose, settings.playbookDirectory(),
                List.of(settings.playbook()), Inventory.localhost(), vars, false, List.of(tag), Map.of(),
                settings.timeout()), progress);
        if (!result.succeeded()) {
            throw AnsibleProblems.failure(purpose, result, moduleErrors);
        }
        return result;
    }

    private static TaskResult taskResult(PlaybookResult result, String task, String purpose) {
        return result.lastResultOf(ROLE_PREFIX + task)
                .filter(r -> r.status() != TaskStatus.SKIPPED)
                .orElseThrow(() -> new PxciException(ErrorCode.FAILED, purpose + ": the base playbook did not run its task '"
                        + task + "'", "check that " + PlatformSettings.PLAYBOOK_DIR + " points at pxci's infra/base"));
    }

    private static TaskOutcome outcome(ContainerRef ref, PlaybookResult result, List<String> extraWarnings, long started) {
        List<String> warnings = new ArrayList<>(extraWarnings);
        if (result != null) {
            warnings.addAll(warnings(result));
        }
        return new TaskOutcome(ref, "", warnings, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The warnings the modules of a playbook run reported. */
    private static List<String> warnings(PlaybookResult result) {
        List<String> warnings = new ArrayList<>();
        for (TaskResult r : result.results()) {
            r.result().path("warnings").forEach(w -> warnings.add(w.asText()));
        }
        return warnings;
    }

    /** The containers among {@code vmids}, from one cluster-wide listing, by id. */
    private Map<Integer, ClusterResource> containers(Set<Integer> vmids) {
        Map<Integer, ClusterResource> found = new TreeMap<>();
        for (JsonNode entry : reader().getOne("list the cluster's guests", "/cluster/resources?type=vm")) {
            ClusterResource.from(entry)
                    .filter(r -> r.isContainer() && vmids.contains(r.vmid()))
                    .ifPresent(r -> found.put(r.vmid(), r));
        }
        return found;
    }

    private String placement() {
        return PveNodes.roomiest(nodes()).map(NodeInfo::name)
                .orElseThrow(() -> new PxciException(ErrorCode.FAILED, "no online node to place a container on",
                        "check the cluster with 'pvecm status'"));
    }


    private ApiReader reader() {
        ApiReader known = reader;
        if (known == null) {
            synchronized (this) {
                if (reader == null) {
                    reader = new ApiReader(runner, settings.endpoint(), trust, settings.timeout(), progress);
                }
                known = reader;
            }
        }
        return known;
    }

    private static String lxcPath(String node, int vmid) {
        return "/nodes/" + encode(node) + "/lxc/" + vmid;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
