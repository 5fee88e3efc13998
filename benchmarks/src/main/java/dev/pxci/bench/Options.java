package dev.pxci.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one benchmark run measures, from its command line; every flag has a default, so a bare
 * run measures the full matrix.
 *
 * @param coldSizes deployment sizes measured cold and then as a no-op on the same cluster
 * @param noopOnlySizes deployment sizes measured only as a no-op (their containers are set up unmeasured)
 * @param repetitions runs of each measurement; the median is reported
 * @param latency added by the simulator to every API request
 * @param create how long a simulated create task runs
 * @param start how long a simulated start task runs
 * @param parallelism pxci's {@code --parallelism} and Ansible's forks
 * @param tools which tools to measure ({@code pxci}, {@code ansible}, {@code floor}: a bare JVM start and a
 *     minimal Python client making the no-op's reads)
 * @param repository the pxci checkout: its launcher {@code ./pxci} is what the benchmark runs
 * @param json where the figures are written as JSON
 */
record Options(List<Integer> coldSizes, List<Integer> noopOnlySizes, int repetitions, Duration latency,
               Duration create, Duration start, int parallelism, Set<String> tools, Path repository, Path json) {

    static final String USAGE = """
            usage: java -jar benchmarks/target/pxci-benchmarks.jar [options]   (run from the repository root)
              --cold 1,10,50        sizes applied cold, then again as a no-op (default 1,10,50)
              --noop 500            sizes applied only as a no-op, set up unmeasured (default 500; 'none' for none)
              --repetitions 3       runs of each measurement, median reported (default 3)
              --latency-ms 5        added to every API request by the simulator (default 5)
              --create-ms 2000      duration of a simulated create task (default 2000)
              --start-ms 1000       duration of a simulated start task (default 1000)
              --parallelism 8       pxci --parallelism and ansible-playbook --forks (default 8)
              --tools pxci,ansible,floor  tools to measure (default all three; floor: a bare JVM start
                                    and a minimal python3 client making the no-op's reads)
              --repository .        the pxci checkout whose ./pxci launcher is measured (default .)
              --json FILE           where to write the figures (default benchmarks/target/benchmark.json)
            quick run: --cold 1,10 --noop none --repetitions 1 --create-ms 200 --start-ms 100
            """;

    Options {
        coldSizes = List.copyOf(coldSizes);
        noopOnlySizes = List.copyOf(noopOnlySizes);
        tools = Set.copyOf(tools);
        if (repetitions < 1 || parallelism < 1) {
            throw new IllegalArgumentException("--repetitions and --parallelism must be at least 1");
        }
        for (int n : concat(coldSizes, noopOnlySizes)) {
            if (n < 1 || n > 5000) {
                throw new IllegalArgumentException("a deployment size must be 1 to 5000, was " + n);
            }
        }
        for (String tool : tools) {
            if (!TOOLS.contains(tool)) {
                throw new IllegalArgumentException("unknown tool '" + tool + "': pxci, ansible or floor");
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("--tools names no tool");
        }
    }

    static final String PXCI = "pxci";
    static final String ANSIBLE = "ansible";
    static final String FLOOR = "floor";
    /** Every tool, in the order a first repetition runs them; the next one runs them the other way round. */
    static final List<String> TOOLS = List.of(PXCI, ANSIBLE, FLOOR);

    static Options parse(String... args) {
        List<Integer> cold = List.of(1, 10, 50);
        List<Integer> noop = List.of(500);
        int repetitions = 3;
        Duration latency = Duration.ofMillis(5);
        Duration create = Duration.ofSeconds(2);
        Duration start = Duration.ofSeconds(1);
        int parallelism = 8;
        Set<String> tools = Set.copyOf(TOOLS);
        Path repository = Path.of("");
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--cold" -> cold = sizes(value);
                case "--noop" -> noop = sizes(value);
                case "--repetitions" -> repetitions = number(flag, value);
                case "--latency-ms" -> latency = Duration.ofMillis(number(flag, value));
                case "--create-ms" -> create = Duration.ofMillis(number(flag, value));
                case "--start-ms" -> start = Duration.ofMillis(number(flag, value));
                case "--parallelism" -> parallelism = number(flag, value);
                case "--tools" -> tools = words(value);
                case "--repository" -> repository = Path.of(value);
                case "--json" -> json = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        Path root = repository.toAbsolutePath().normalize();
        return new Options(cold, noop, repetitions, latency, create, start, parallelism, tools, root,
                json != null ? json.toAbsolutePath() : root.resolve("benchmarks/target/benchmark.json"));
    }

    /** The ideal cold apply of {@code n}: {@code ceil(n / parallelism)} rounds of create and start. */
    Duration idealCold(int n) {
        long rounds = (n + parallelism - 1) / parallelism;
        return create.plus(start).multipliedBy(rounds);
    }

    boolean measures(String tool) {
        return tools.contains(tool);
    }

    /** The tools measured, in the order repetition {@code r} (from 1) runs them: pairs are alternated. */
    List<String> order(int r) {
        List<String> measured = new ArrayList<>(TOOLS.stream().filter(this::measures).toList());
        if (r % 2 == 0) {
            Collections.reverse(measured);
        }
        return measured;
    }

    private static List<Integer> sizes(String value) {
        if (value.equals("none")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            out.add(number("a size", part.strip()));
        }
        return out;
    }

    private static Set<String> words(String value) {
        Set<String> out = new TreeSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static int number(String what, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number of 0 or more, was '" + value + "'");
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
