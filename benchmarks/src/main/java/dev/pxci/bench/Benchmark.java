package dev.pxci.bench;

import dev.pxci.sandbox.pve.TaskDurations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pxci against Ansible's {@code community.general.proxmox} module on the same simulated Proxmox VE
 * cluster, in one run: start-up ({@code --version}), a cold provision of N containers and the
 * no-op that follows, each tool as a separate process, several repetitions, medians. Prints a
 * table with the ratios (Ansible / pxci) and the targets, and writes the same figures as
 * JSON. Every run is checked (exit code, containers running, nothing changed by a no-op); a run
 * that fails stops the benchmark with its output.
 */
public final class Benchmark {
    private static final Pattern RECAP = Pattern.compile("changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

    private final Options options;
    private final Path work;
    private final Tools tools;
    private final PrintStream progress;
    private final List<Measurement> measurements = new ArrayList<>();
    private Throughput throughput;
    private int logs;

    private Benchmark(Options options, Path work, PrintStream progress) throws IOException {
        this.options = options;
        this.work = work;
        this.tools = Tools.find(options, work);
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("pxci-benchmark-");
        Machine before = Machine.now();
        Benchmark benchmark = new Benchmark(options, work, System.err);
        benchmark.run();
        Report report = new Report(options, before, Machine.now(), benchmark.measurements, benchmark.throughput);
        report.print(System.out);
        report.writeJson(options.json());
        System.out.println("figures: " + options.json() + "   logs: " + work);
    }

    private void run() throws IOException, InterruptedException {
        warmUp();
        for (int r = 1; r <= options.repetitions(); r++) {
            note("start-up, repetition " + r);
            for (String tool : options.order(r)) {
                record(Measurement.VERSION, tool, 0, version(switch (tool) {
                    case Options.PXCI -> tools.pxciVersion();
                    case Options.ANSIBLE -> tools.ansibleVersion();
                    default -> tools.floorVersion();
                }));
            }
        }
        TaskDurations durations = TaskDurations.defaults().create(options.create()).start(options.start());
        for (int n : options.coldSizes()) {
            for (int r = 1; r <= options.repetitions(); r++) {
                for (String tool : options.order(r)) {
                    if (tool.equals(Options.FLOOR)) {
                        continue;
                    }
                    note(tool + ": cold then no-op of " + n + ", repetition " + r);
                    try (SimulatedCluster cluster = SimulatedCluster.start(options.latency(), durations, work)) {
                        Path declared = declare(tool, n);
                        record(Measurement.COLD, tool, n, apply(tool, cluster, declared, n, true));
                        boolean floorHere = tool.equals(Options.PXCI) && options.measures(Options.FLOOR);
                        if (floorHere && r % 2 == 0) {
                            record(Measurement.NOOP, Options.FLOOR, n, floor(cluster, n));
                        }
                        record(Measurement.NOOP, tool, n, apply(tool, cluster, declared, n, false));
                        if (floorHere && r % 2 == 1) {
                            record(Measurement.NOOP, Options.FLOOR, n, floor(cluster, n));
                        }
                    }
                }
            }
        }
        for (int n : options.noopOnlySizes()) {
            note("setting up " + n + " running containers (zero task durations, not measured)");
            try (SimulatedCluster cluster = SimulatedCluster.start(options.latency(), TaskDurations.uniform(Duration.ZERO), work)) {
                Path deployment = declare(Options.PXCI, n);
                apply(Options.PXCI, cluster, deployment, n, true);
                Map<String, Path> declared = Map.of(Options.PXCI, deployment, Options.ANSIBLE, declare(Options.ANSIBLE, n));
                for (int r = 1; r <= options.repetitions(); r++) {
                    for (String tool : options.order(r)) {
                        note(tool + ": no-op of " + n + ", repetition " + r);
                        record(Measurement.NOOP, tool, n, tool.equals(Options.FLOOR) ? floor(cluster, n)
                                : apply(tool, cluster, declared.get(tool), n, false));
                    }
                }
            }
        }
        note("sandbox throughput: GET /cluster/resources over 50 containers, no latency");
        try (SimulatedCluster cluster = SimulatedCluster.start(Duration.ZERO, TaskDurations.uniform(Duration.ZERO), work)) {
            apply(Options.PXCI, cluster, declare(Options.PXCI, 50), 50, true);
            throughput = Throughput.measure(cluster, "/cluster/resources?type=vm", 4, Duration.ofSeconds(2));
        }
    }

    /** Runs each command once unmeasured: the launcher builds the CLI if sources changed, caches are warm. */
    private void warmUp() throws IOException, InterruptedException {
        note("warm-up (the launcher builds the CLI first when its sources changed)");
        Path log = log("warm-up-pxci");
        MeasuredProcess.Sample pxci = MeasuredProcess.run(tools.pxciVersion(), Tools.environment(Map.of()), work, log,
                Duration.ofMinutes(15));
        require(pxci.exitCode() == 0, "pxci --version failed", log);
        if (options.measures(Options.ANSIBLE)) {
            Path ansibleLog = log("warm-up-ansible");
            MeasuredProcess.Sample ansible = MeasuredProcess.run(tools.ansibleVersion(), Tools.environment(Map.of()), work,
                    ansibleLog, Duration.ofMinutes(2));
            require(ansible.exitCode() == 0, "ansible-playbook --version failed", ansibleLog);
        }
    }

    private Measurement.Run version(List<String> command) throws IOException, InterruptedException {
        Path log = log("version");
        MeasuredProcess.Sample sample = MeasuredProcess.run(command, Tools.environment(Map.of()), work, log, Duration.ofMinutes(2));
        require(sample.exitCode() == 0, String.join(" ", command) + " failed", log);
        return new Measurement.Run(sample.wall(), sample.peakRssKiB(), Map.of());
    }

    /** A fresh declaration of {@code n} containers for {@code tool}: a deployment directory, or an inventory beside the playbook. */
    private Path declare(String tool, int n) throws IOException {
        Path dir = Files.createTempDirectory(work, tool + "-" + n + "-");
        if (tool.equals(Options.PXCI)) {
            return Declarations.pxciDeployment(dir.resolve("deployment"), n);
        }
        Declarations.ansiblePlaybook(dir);
        return Declarations.ansibleInventory(dir, n);
    }

    /** One measured apply; {@code cold} expects every container to be created and started, else nothing to change. */
    private Measurement.Run apply(String tool, SimulatedCluster cluster, Path declared, int n, boolean cold)
            throws IOException, InterruptedException {
        boolean pxci = tool.equals(Options.PXCI);
        List<String> command = pxci ? tools.pxciApply(declared, options.parallelism())
                : tools.ansibleApply(declared, declared.resolveSibling("containers.yml"), options.parallelism());
        Map<String, String> env = pxci ? Tools.environment(cluster.pxciEnvironment())
                : tools.ansibleEnvironment(cluster.ansibleEnvironment());
        Duration timeout = options.idealCold(n).multipliedBy(10).plus(Duration.ofMinutes(cold ? 2 : 15));
        Path log = log(tool + "-" + (cold ? "cold" : "noop") + "-" + n);
        cluster.resetCounts();
        MeasuredProcess.Sample sample = MeasuredProcess.run(command, env, work, log, timeout);
        Map<String, Long> requests = cluster.requestCounts();
        String what = tool + (cold ? " cold apply" : " no-op apply") + " of " + n;
        require(sample.exitCode() == 0, what + " exited with " + sample.exitCode(), log);
        String output = Files.readString(log);
        int changed = pxci ? pxciChanged(output) : ansibleChanged(output, n);
        require(changed >= 0, what + ": cannot read what it changed from its output", log);
        require(cold ? changed > 0 : changed == 0, what + " changed " + changed + " things", log);
        long running = cluster.runningContainers();
        require(running == n, what + ": " + running + " containers run afterwards, not " + n, log);
        return new Measurement.Run(sample.wall(), sample.peakRssKiB(), requests);
    }

    /** The floor's reads of a no-op of {@code n}: the same requests as pxci's, from the smallest client. */
    private Measurement.Run floor(SimulatedCluster cluster, int n) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(cluster.pxciEnvironment());
        env.put("REQUESTS_CA_BUNDLE", cluster.ansibleEnvironment().get("REQUESTS_CA_BUNDLE"));
        Path log = log("floor-noop-" + n);
        cluster.resetCounts();
        MeasuredProcess.Sample sample = MeasuredProcess.run(tools.floorNoop(n, options.parallelism()),
                Tools.environment(env), work, log, Duration.ofMinutes(5));
        Map<String, Long> requests = cluster.requestCounts();
        require(sample.exitCode() == 0, "the floor's reads of " + n + " exited with " + sample.exitCode(), log);
        require(Files.readString(log).contains("read " + n + " configs"), "the floor did not read " + n + " configs", log);
        return new Measurement.Run(sample.wall(), sample.peakRssKiB(), requests);
    }

    /** The count of changed stages in pxci's summary line ({@code apply succeeded: 3 changed, ...}), or -1. */
    static int pxciChanged(String output) {
        Matcher m = Pattern.compile("apply succeeded: (\\d+) changed").matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The sum of {@code changed=} over the play recap of {@code hosts} hosts, or -1 when a host is missing or failed. */
    static int ansibleChanged(String output, int hosts) {
        Matcher m = RECAP.matcher(output);
        int changed = 0;
        int seen = 0;
        while (m.find()) {
            if (!m.group(2).equals("0") || !m.group(3).equals("0")) {
                return -1;
            }
            changed += Integer.parseInt(m.group(1));
            seen++;
        }
        return seen == hosts ? changed : -1;
    }

    private void record(String scenario, String tool, int n, Measurement.Run run) {
        for (int i = 0; i < measurements.size(); i++) {
            Measurement m = measurements.get(i);
            if (m.scenario().equals(scenario) && m.tool().equals(tool) && m.n() == n) {
                List<Measurement.Run> runs = new ArrayList<>(m.runs());
                runs.add(run);
                measurements.set(i, new Measurement(scenario, tool, n, runs));
                return;
            }
        }
        measurements.add(new Measurement(scenario, tool, n, List.of(run)));
    }

    private Path log(String name) {
        return work.resolve(String.format("%03d-%s.log", ++logs, name));
    }

    private void note(String line) {
        progress.println("benchmark: " + line);
    }

    private static void require(boolean condition, String failure, Path log) throws IOException {
        if (!condition) {
            throw new IllegalStateException(failure + "; the end of " + log + ":\n" + MeasuredProcess.tail(log));
        }
    }
}
