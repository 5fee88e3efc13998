package dev.pxci.sandbox.pve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The simulated cluster: nodes, containers and tasks behind one monitor, the task clock, and
 * persistence. Mutations go through {@link #mutate}, whose state is written in the background
 * ({@link StateWriter}); reads through {@link #read}. Thread-safe.
 */
final class ClusterState implements AutoCloseable {

    static final int MAX_FINISHED_TASKS = 1000;

    private final Object monitor = new Object();
    private final List<String> nodes;
    private final TreeMap<Integer, Container> containers = new TreeMap<>();
    private final LinkedHashMap<String, Task> tasks = new LinkedHashMap<>();
    /** Templates downloaded onto a node's storages, by node and volume id; the stock ones are in {@link Inventory}. */
    private final TreeMap<String, TreeMap<String, Inventory.Template>> downloaded = new TreeMap<>();
    /** Backup archives by volume id (kept in memory only: a restarted sandbox has none). */
    private final TreeMap<String, Backups.Archive> backups = new TreeMap<>();
    private final Map<String, TaskWork> runningWork = new LinkedHashMap<>();
    private final Random random;
    private final TaskDurations durations;
    private final PveFaults faults;
    private final StateWriter writer;
    private final ScheduledExecutorService scheduler;
    private final Access secrets;
    private final ContainerRuntime runtime;
    private final long bootEpochSecond;
    private int nextPid;
    private long version;
    private boolean closed;

    ClusterState(List<String> nodes, long seed, TaskDurations durations, PveFaults faults, StateStore store,
            Access secrets, ContainerRuntime runtime) {
        this.nodes = new ArrayList<>(nodes);
        this.secrets = secrets;
        this.runtime = runtime;
        this.random = new Random(seed);
        this.durations = durations;
        this.faults = faults;
        this.writer = store == null ? null : new StateWriter(store, this::snapshot);
        this.bootEpochSecond = now();
        this.nextPid = 0x1000 + random.nextInt(0x10000);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "pve-sandbox-tasks");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    static long now() {
        return System.currentTimeMillis() / 1000L;
    }

    long bootEpochSecond() {
        return bootEpochSecond;
    }

    PveFaults faults() {
        return faults;
    }

    /** What makes the containers real, or keeps them records. */
    ContainerRuntime runtime() {
        return runtime;
    }

    /** Runs a read under the monitor. */
    <T> T read(Supplier<T> action) {
        synchronized (monitor) {
            return action.get();
        }
    }

    /** Runs a mutation under the monitor, then asks for the state to be written ({@link StateWriter}). */
    <T> T mutate(Supplier<T> action) {
        T result;
        long mutated;
        synchronized (monitor) {
            result = action.get();
            mutated = ++version;
        }
        if (writer != null) {
            writer.requestWrite(mutated);
        }
        return result;
    }

    void mutate(Runnable action) {
        mutate(() -> {
            action.run();
            return null;
        });
    }

    private StateWriter.Snapshot snapshot() {
        synchronized (monitor) {
            return new StateWriter.Snapshot(version, toStateFile());
        }
    }

    // ---- state accessors, all called under the monitor ----

    List<String> nodes() {
        return nodes;
    }

    boolean hasNode(String node) {
        return nodes.contains(node);
    }

    /** pveproxy's answer for a node name that is not a cluster member. */
    void requireNode(String node) {
        if (!hasNode(node)) {
            throw PveApiException.serverError("hostname lookup '" + node + "' failed - failed to get address info for: "
                    + node + ": Name or service not known");
        }
    }

    TreeMap<Integer, Container> containers() {
        return containers;
    }

    /** The container with this id on this node, or PVE's "config does not exist" 500. */
    Container requireContainer(String node, int vmid) {
        requireNode(node);
        Container container = containers.get(vmid);
        if (container == null || !container.node().equals(node)) {
            throw PveApiException.serverError(
                    "Configuration file 'nodes/" + node + "/lxc/" + vmid + ".conf' does not exist");
        }
        return container;
    }

    /** The template volumes of a node: the stock ones and those downloaded there. */
    List<Inventory.Template> templates(String node) {
        List<Inventory.Template> all = new ArrayList<>();
        for (Inventory.Template stock : Inventory.TEMPLATES) {
            OptionalLong real = runtime.templateBytes(stock.volid());
            all.add(real.isPresent() ? new Inventory.Template(stock.volid(), real.getAsLong(), stock.ctime()) : stock);
        }
        all.addAll(downloaded.getOrDefault(node, new TreeMap<>()).values());
        return all;
    }

    Inventory.Template template(String node, String volid) {
        return templates(node).stream().filter(t -> t.volid().equals(volid)).findFirst().orElse(null);
    }

    void addTemplate(String node, Inventory.Template template) {
        downloaded.computeIfAbsent(node, n -> new TreeMap<>()).put(template.volid(), template);
    }

    TreeMap<String, Backups.Archive> backups() {
        return backups;
    }

    LinkedHashMap<String, Task> tasks() {
        return tasks;
    }

    /** The runtime's fixed MAC for this address, else {@link #randomMac()}. */
    String macFor(String ip) {
        return ip == null ? randomMac() : runtime.macFor(ip).orElseGet(this::randomMac);
    }

    /** A MAC address in Proxmox's own OUI (BC:24:11), drawn from the seeded generator. */
    String randomMac() {
        return String.format(Locale.ROOT, "BC:24:11:%02X:%02X:%02X",
                random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    /**
     * Starts a worker task: logs the first lines now and completes (or fails) it when its
     * configured running time, plus any injected slowness, has passed.
     */
    String startTask(String node, String type, int vmid, Access.Identity who, List<String> firstLines,
            TaskWork work) {
        return startTask(node, type, Integer.toString(vmid), who, firstLines, work);
    }

    /** A worker task whose id is not just a container id ({@code 100-mp0>101-mp0} for a volume move). */
    String startTask(String node, String type, String id, Access.Identity who, List<String> firstLines,
            TaskWork work) {
        long start = now();
        long pstart = Math.max(1, (System.nanoTime() / 10_000_000L) & 0xFFFFFFFL);
        Task task = new Task(node, nextPid++, pstart, start, type, id, who.upidUser());
        firstLines.forEach(task::log);
        tasks.put(task.upid(), task);
        runningWork.put(task.upid(), work);
        pruneTasks();
        Duration runFor = durations.of(type).plus(faults.onTaskStart(type, task.vmid()));
        if (!closed) {
            scheduler.schedule(() -> mutate(() -> finish(task.upid())), runFor.toMillis(), TimeUnit.MILLISECONDS);
        }
        return task.upid();
    }

    /** Ends a running task now: fault first, then the work's own outcome. */
    private void finish(String upid) {
        TaskWork work = runningWork.remove(upid);
        Task task = tasks.get(upid);
        if (work == null || task == null || task.finished()) {
            return;
        }
        PveFaults.TaskFault fault = faults.onTaskEnd(task.type(), task.vmid());
        if (fault != null && fault.outcome() == PveFaults.TaskOutcome.ERROR) {
            fault.log().forEach(task::log);
            work.abort();
            task.finish("TASK ERROR: " + fault.message(), now());
            return;
        }
        try {
            work.complete().forEach(task::log);
        } catch (TaskWork.Failure failure) {
            work.abort();
            task.finish("TASK ERROR: " + failure.getMessage(), now());
            return;
        }
        if (fault != null && !fault.log().isEmpty()) {
            for (String warning : fault.log()) {
                task.log(warning.startsWith("WARN: ") ? warning : "WARN: " + warning);
            }
            task.finish("TASK WARNINGS: " + fault.log().size(), now());
        } else {
            task.finish("TASK OK", now());
        }
    }

    /** {@code DELETE /nodes/{node}/tasks/{upid}}: a running task is interrupted and leaves no effect. */
    void stopTask(String upid) {
        TaskWork work = runningWork.remove(upid);
        Task task = tasks.get(upid);
        if (work != null && task != null && !task.finished()) {
            work.abort();
            task.finish("TASK ERROR: received interrupt", now());
        }
    }

    private void pruneTasks() {
        int finished = 0;
        for (Task task : tasks.values()) {
            if (task.finished()) {
                finished++;
            }
        }
        for (Iterator<Task> it = tasks.values().iterator(); it.hasNext() && finished > MAX_FINISHED_TASKS;) {
            if (it.next().finished()) {
                it.remove();
                finished--;
            }
        }
    }

    /**
     * Stops the task clock. Tasks still running are completed at once, so a state directory is
     * left consistent (no lock held by a task that will never end).
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        mutate(() -> {
            closed = true;
            for (String upid : new ArrayList<>(runningWork.keySet())) {
                finish(upid);
            }
        });
        if (writer != null) {
            writer.close();
        }
        runtime.close();
    }

    private void endInterrupted(Task task) {
        Container container = containers.get(task.vmid());
        if (container == null || container.lock() == null) {
            return;
        }
        if (task.type().equals("vzcreate") && container.lock().equals("create")) {
            containers.remove(task.vmid());
        } else {
            container.lock(null);
        }
    }

    // ---- persistence ----

    private StateStore.StateFile toStateFile() {
        List<StateStore.ContainerState> containerStates = new ArrayList<>();
        for (Container container : containers.values()) {
            containerStates.add(new StateStore.ContainerState(container.vmid(), container.node(),
                    new TreeMap<>(container.config()), container.running(), container.startedAtEpochSecond(),
                    container.lastSnapshot(), new ArrayList<>(container.snapshots().values())));
        }
        List<StateStore.TaskState> taskStates = new ArrayList<>();
        for (Task task : tasks.values()) {
            taskStates.add(new StateStore.TaskState(task.upid(), task.node(), task.pid(), task.pstart(),
                    task.startTime(), task.type(), task.id(), task.user(), new ArrayList<>(task.log()),
                    task.endTime(), task.finished()));
        }
        return new StateStore.StateFile(StateStore.FORMAT, secrets.tokenSecret(), secrets.rootPassword(),
                java.util.Base64.getEncoder().encodeToString(secrets.signingKey()), nextPid, List.copyOf(nodes),
                containerStates, taskStates, downloadedTemplates());
    }

    private Map<String, List<Inventory.Template>> downloadedTemplates() {
        Map<String, List<Inventory.Template>> out = new TreeMap<>();
        downloaded.forEach((node, templates) -> out.put(node, new ArrayList<>(templates.values())));
        return out;
    }

    /**
     * Restores containers and tasks from a saved state. A task that was still running when the
     * process died ends as interrupted, and its lock ends with it, as a Proxmox VE worker that fails
     * releases its lock: an interrupted create leaves no container (its volumes are allocated only
     * when it completes), any other task leaves its container unlocked. A lock that no task held
     * (one left with {@link PveFaults#stuckLock}) stays.
     */
    void restore(StateStore.StateFile state) {
        synchronized (monitor) {
            for (String node : state.nodes()) {
                if (!nodes.contains(node)) {
                    nodes.add(node);
                }
            }
            nextPid = Math.max(nextPid, state.nextPid());
            if (state.downloadedTemplates() != null) {
                state.downloadedTemplates().forEach((node, templates) -> templates.forEach(t -> addTemplate(node, t)));
            }
            for (StateStore.ContainerState saved : state.containers()) {
                Container container = new Container(saved.vmid(), saved.node(), saved.config());
                container.running(saved.running(), saved.startedAt());
                for (Container.Snapshot snapshot : saved.snapshots()) {
                    container.snapshots().put(snapshot.name(), snapshot);
                }
                container.lastSnapshot(saved.lastSnapshot());
                containers.put(saved.vmid(), container);
            }
            for (StateStore.TaskState saved : state.tasks()) {
                Task task = new Task(saved.upid(), saved.node(), saved.pid(), saved.pstart(), saved.startTime(),
                        saved.type(), saved.id(), saved.user(), saved.log(), saved.endTime(), saved.finished());
                if (!task.finished()) {
                    task.finish("TASK ERROR: task interrupted: the sandbox stopped while it ran", now());
                    endInterrupted(task);
                }
                tasks.put(task.upid(), task);
            }
        }
    }
}
