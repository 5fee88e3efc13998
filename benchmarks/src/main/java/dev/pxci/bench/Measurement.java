package dev.pxci.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The repetitions of one scenario for one tool and deployment size, and their medians.
 *
 * @param scenario {@code version}, {@code cold} or {@code no-op}
 * @param tool {@code pxci} or {@code ansible}
 * @param n containers declared (0 for {@code version})
 * @param runs one entry per repetition, in the order measured
 */
record Measurement(String scenario, String tool, int n, List<Run> runs) {
    static final String VERSION = "version";
    static final String COLD = "cold";
    static final String NOOP = "no-op";

    /** One repetition: what the process cost and the API requests it made, by HTTP method. */
    record Run(Duration wall, long peakRssKiB, Map<String, Long> requests) {
        Run {
            requests = new TreeMap<>(requests);
        }

        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Measurement {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs at least one run");
        }
    }

    Duration medianWall() {
        return Duration.ofNanos(median(r -> r.wall().toNanos()));
    }

    long medianPeakRssKiB() {
        return median(Run::peakRssKiB);
    }

    /** The median count of each method seen in any run (a method missing from a run counts 0 there). */
    Map<String, Long> medianRequests() {
        Map<String, Long> out = new TreeMap<>();
        runs.forEach(r -> r.requests().keySet().forEach(m -> out.put(m, 0L)));
        out.replaceAll((method, zero) -> median(r -> r.requests().getOrDefault(method, 0L)));
        return out;
    }

    long medianTotalRequests() {
        return median(Run::totalRequests);
    }

    /** The middle value; for an even count, the mean of the two middle values (rounded down). */
    private long median(ToLongFunction<Run> value) {
        List<Long> values = new ArrayList<>();
        runs.forEach(r -> values.add(value.applyAsLong(r)));
        values.sort(Comparator.naturalOrder());
        int mid = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2;
    }
}
