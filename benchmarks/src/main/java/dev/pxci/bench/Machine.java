package dev.pxci.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, as far as it explains the figures: cores, CPU model, memory,
 * the load averages (other work competes for the same cores), the JVM.
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU's model name, or {@code unknown}
 * @param memoryMiB total memory
 * @param loadAverage the 1, 5 and 15 minute load averages of {@code /proc/loadavg}
 * @param java the running JVM's version
 */
record Machine(int cores, String cpu, long memoryMiB, String loadAverage, String java) {

    static Machine now() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                meminfoKiB("MemTotal:") / 1024, readLoadAverage(), Runtime.version().toString());
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }

    private static long meminfoKiB(String field) {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        return 0;
    }

    private static String readLoadAverage() {
        List<String> lines = lines("/proc/loadavg");
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] parts = lines.get(0).split(" ");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
