package dev.pxci.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The benchmark's figures: medians per scenario with their spread (the fastest and slowest run),
 * side by side with the floor and Ansible, and the ratios pxci / floor and Ansible / pxci taken
 * pair by pair (the runs of one repetition) with their spread; the targets with what was
 * measured against them, and the same as JSON. Memory is in MB (10^6 bytes).
 */
final class Report {
    private final Options options;
    private final Machine before;
    private final Machine after;
    private final List<Measurement> measurements;
    private final Throughput throughput;

    Report(Options options, Machine before, Machine after, List<Measurement> measurements, Throughput throughput) {
        this.options = options;
        this.before = before;
        this.after = after;
        this.measurements = List.copyOf(measurements);
        this.throughput = throughput;
    }

    /** The median of some values and their range. */
    record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int mid = sorted.size() / 2;
            double median = sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(sorted.size() - 1));
        }
    }

    /**
     * {@code numerator}'s wall time over {@code denominator}'s, run by run (the i-th runs were one
     * repetition, measured next to each other); empty when either was not measured.
     */
    static Optional<Spread> pairRatios(Optional<Measurement> numerator, Optional<Measurement> denominator) {
        if (numerator.isEmpty() || denominator.isEmpty()) {
            return Optional.empty();
        }
        List<Measurement.Run> a = numerator.get().runs();
        List<Measurement.Run> b = denominator.get().runs();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(seconds(a.get(i).wall()) / seconds(b.get(i).wall()));
        }
        return ratios.isEmpty() ? Optional.empty() : Optional.of(Spread.of(ratios));
    }

    /** One line of the table: the tools' measurements for one scenario and size. */
    record Row(String scenario, int n, Optional<Measurement> pxci, Optional<Measurement> ansible,
               Optional<Measurement> floor) {
        /** Ansible over pxci, pair by pair. */
        Optional<Spread> wallRatio() {
            return pairRatios(ansible, pxci);
        }

        /** pxci over the floor, pair by pair. */
        Optional<Spread> floorRatio() {
            return pairRatios(pxci, floor);
        }

        Optional<Double> rssRatio() {
            return pxci.isPresent() && ansible.isPresent() && pxci.get().medianPeakRssKiB() > 0
                    ? Optional.of((double) ansible.get().medianPeakRssKiB() / pxci.get().medianPeakRssKiB()) : Optional.empty();
        }
    }

    /** A target of the issue and whether the measurement meets it; {@code met} is empty when it was not measured. */
    record Target(String name, String measured, Optional<Boolean> met) {
        String verdict() {
            return met.map(m -> m ? "met" : "MISSED").orElse("not measured");
        }
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Measurement m : measurements) {
            if (rows.stream().noneMatch(r -> r.scenario().equals(m.scenario()) && r.n() == m.n())) {
                rows.add(new Row(m.scenario(), m.n(), find(m.scenario(), Options.PXCI, m.n()),
                        find(m.scenario(), Options.ANSIBLE, m.n()), find(m.scenario(), Options.FLOOR, m.n())));
            }
        }
        return rows;
    }

    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        Optional<Measurement> noop50 = find(Measurement.NOOP, Options.PXCI, 50);
        out.add(new Target("no-op apply of 50: at most 53 API requests, all GET", noop50.map(m -> requests(m.medianRequests()))
                .orElse("-"), noop50.map(m -> m.medianTotalRequests() <= 53 && m.runs().stream()
                .allMatch(r -> r.requests().keySet().stream().allMatch("GET"::equals)))));
        out.add(new Target("no-op apply of 50: at most 1.5 s including JVM start", noop50.map(m -> time(m.medianWall()))
                .orElse("-"), noop50.map(m -> seconds(m.medianWall()) <= 1.5)));
        Optional<Spread> noopRatio = row(Measurement.NOOP, 50).flatMap(Row::wallRatio);
        out.add(new Target("no-op apply of 50: at least 20x faster than Ansible's", noopRatio.map(Report::ratio).orElse("-"),
                noopRatio.map(r -> r.median() >= 20)));
        Optional<Spread> noopFloor = row(Measurement.NOOP, 50).flatMap(Row::floorRatio);
        out.add(new Target("no-op apply of 50: within 1.3x the floor, pair by pair", noopFloor.map(Report::ratio)
                .orElse("-"), noopFloor.map(r -> r.median() <= 1.3)));
        Optional<Measurement> noop500 = find(Measurement.NOOP, Options.PXCI, 500);
        out.add(new Target("no-op apply of 500: at most 3 s", noop500.map(m -> time(m.medianWall())).orElse("-"),
                noop500.map(m -> seconds(m.medianWall()) <= 3)));
        Optional<Measurement> cold50 = find(Measurement.COLD, Options.PXCI, 50);
        Duration limit = options.idealCold(50).multipliedBy(108).dividedBy(100);
        out.add(new Target("cold apply of 50: at most 1.08 x ceil(50/" + options.parallelism() + ") x (create + start) = "
                + time(limit), cold50.map(m -> time(m.medianWall())).orElse("-"),
                cold50.map(m -> m.medianWall().compareTo(limit) <= 0)));
        Optional<Spread> coldRatio = row(Measurement.COLD, 50).flatMap(Row::wallRatio);
        out.add(new Target("cold apply of 50: faster than Ansible with " + options.parallelism() + " forks",
                coldRatio.map(Report::ratio).orElse("-"), coldRatio.map(r -> r.median() > 1)));
        out.add(new Target("cold apply of 50: peak RSS at most 300 MB", cold50.map(m -> megabytes(m.medianPeakRssKiB()))
                .orElse("-"), cold50.map(m -> m.medianPeakRssKiB() * 1024 <= 300_000_000L)));
        Optional<Spread> version = row(Measurement.VERSION, 0).flatMap(Row::floorRatio);
        out.add(new Target("pxci --version: within 2x a bare JVM start, pair by pair", version.map(Report::ratio).orElse("-"),
                version.map(r -> r.median() <= 2)));
        Optional<Throughput> t = Optional.ofNullable(throughput);
        out.add(new Target("sandbox: at least 2,000 GET /cluster/resources a second", t.map(x -> String.format(Locale.ROOT,
                "%.0f/s", x.perSecond())).orElse("-"), t.map(x -> x.perSecond() >= 2000)));
        return out;
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "pxci vs Ansible (community.general.proxmox) on the PVE simulator: %d ms per request,"
                        + " create %s, start %s, parallelism = forks = %d, median of %d%n", options.latency().toMillis(),
                time(options.create()), time(options.start()), options.parallelism(), options.repetitions());
        out.printf(Locale.ROOT, "machine: %d cores (%s), %d MiB, load %s before and %s after; benchmark JVM %s%n",
                before.cores(), before.cpu(), before.memoryMiB(), before.loadAverage(), after.loadAverage(), before.java());
        out.println();
        out.println("walls: median (fastest-slowest); ratios: median (range) of the runs of one repetition");
        String format = "%-8s %5s %22s %22s %18s %22s %18s %9s %12s %7s  %-26s %s%n";
        out.printf(Locale.ROOT, format, "scenario", "N", "pxci wall", "floor wall", "pxci/floor", "ansible wall",
                "ansible/pxci", "pxci RSS", "ansible RSS", "ratio", "pxci requests", "ansible requests");
        for (Row r : rows()) {
            out.printf(Locale.ROOT, format, r.scenario(), r.n() == 0 ? "-" : Integer.toString(r.n()),
                    r.pxci().map(Report::wall).orElse("-"), r.floor().map(Report::wall).orElse("-"),
                    r.floorRatio().map(Report::ratio).orElse("-"), r.ansible().map(Report::wall).orElse("-"),
                    r.wallRatio().map(Report::ratio).orElse("-"),
                    r.pxci().map(m -> megabytes(m.medianPeakRssKiB())).orElse("-"),
                    r.ansible().map(m -> megabytes(m.medianPeakRssKiB())).orElse("-"),
                    r.rssRatio().map(Report::ratio).orElse("-"),
                    r.pxci().map(m -> requests(m.medianRequests())).orElse("-"),
                    r.ansible().map(m -> requests(m.medianRequests())).orElse("-"));
        }
        if (throughput != null) {
            out.printf(Locale.ROOT, "%nsandbox: %.0f GET %s a second (%d clients, %s, no latency)%n", throughput.perSecond(),
                    throughput.path(), throughput.clients(), time(throughput.elapsed()));
        }
        out.println();
        List<Target> targets = targets();
        int width = targets.stream().mapToInt(t -> t.name().length()).max().orElse(10);
        for (Target t : targets) {
            out.printf(Locale.ROOT, "%-" + width + "s  %-22s %s%n", t.name(), t.measured(), t.verdict());
        }
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("latencyMillis", options.latency().toMillis());
        settings.put("createMillis", options.create().toMillis());
        settings.put("startMillis", options.start().toMillis());
        settings.put("parallelism", options.parallelism());
        settings.put("repetitions", options.repetitions());
        settings.put("coldSizes", options.coldSizes());
        settings.put("noopOnlySizes", options.noopOnlySizes());
        root.put("settings", settings);
        root.put("machineBefore", before);
        root.put("machineAfter", after);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Measurement m : measurements) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scenario", m.scenario());
            entry.put("tool", m.tool());
            entry.put("n", m.n());
            entry.put("medianWallSeconds", seconds(m.medianWall()));
            entry.put("medianPeakRssMB", m.medianPeakRssKiB() * 1024 / 1e6);
            entry.put("medianRequests", m.medianRequests());
            entry.put("runs", m.runs().stream().map(r -> {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("wallSeconds", seconds(r.wall()));
                run.put("peakRssMB", r.peakRssKiB() * 1024 / 1e6);
                run.put("requests", r.requests());
                return run;
            }).collect(Collectors.toList()));
            results.add(entry);
        }
        root.put("results", results);
        root.put("ratios", rows().stream().filter(r -> r.wallRatio().isPresent() || r.floorRatio().isPresent()).map(r -> {
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("scenario", r.scenario());
            ratio.put("n", r.n());
            ratio.put("ansibleOverPxciWallPairwise", r.wallRatio().orElse(null));
            ratio.put("pxciOverFloorWallPairwise", r.floorRatio().orElse(null));
            ratio.put("ansibleOverPxciPeakRss", r.rssRatio().orElse(null));
            return ratio;
        }).collect(Collectors.toList()));
        if (throughput != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("path", throughput.path());
            t.put("clients", throughput.clients());
            t.put("requestsPerSecond", throughput.perSecond());
            root.put("sandboxThroughput", t);
        }
        root.put("targets", targets().stream().map(t -> {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("target", t.name());
            target.put("measured", t.measured());
            target.put("met", t.met().orElse(null));
            return target;
        }).collect(Collectors.toList()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private Optional<Row> row(String scenario, int n) {
        return rows().stream().filter(r -> r.scenario().equals(scenario) && r.n() == n).findFirst();
    }

    private Optional<Measurement> find(String scenario, String tool, int n) {
        return measurements.stream().filter(m -> m.scenario().equals(scenario) && m.tool().equals(tool) && m.n() == n)
                .findFirst();
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static String time(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", seconds(d));
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.1fx", r);
    }

    static String ratio(Spread s) {
        return String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", s.median(), s.min(), s.max());
    }

    /** {@code 0.75 s (0.70-0.81)}: the median wall time and the fastest and slowest run. */
    static String wall(Measurement m) {
        Spread s = Spread.of(m.runs().stream().map(r -> seconds(r.wall())).toList());
        return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f)", s.median(), s.min(), s.max());
    }

    static String megabytes(long kib) {
        return String.format(Locale.ROOT, "%.0f MB", kib * 1024 / 1e6);
    }

    /** {@code GET 51} or {@code GET 100 POST 100}; {@code -} when none were made. */
    static String requests(Map<String, Long> byMethod) {
        String joined = byMethod.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
        return joined.isEmpty() ? "-" : joined;
    }
}
