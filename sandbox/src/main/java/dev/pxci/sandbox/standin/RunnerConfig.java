package dev.pxci.sandbox.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The keys of act_runner's {@code config.yaml} that the stand-in reads, with act_runner's defaults
 * ({@code internal/pkg/config}): {@code log.level}, {@code runner.file} ({@code .runner}), {@code
 * runner.labels}, {@code runner.insecure}, {@code runner.fetch_interval} (2s) and {@code
 * runner.fetch_timeout} (5s). Without a file, the defaults.
 */
record RunnerConfig(String logLevel, Path file, List<String> labels, boolean insecure, Duration fetchInterval,
        Duration fetchTimeout) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    static RunnerConfig load(String configFile) {
        Map<?, ?> root = Map.of();
        if (configFile != null && !configFile.isEmpty()) {
            Path path = Path.of(configFile);
            try {
                Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(path));
                root = doc instanceof Map<?, ?> map ? map : Map.of();
            } catch (IOException e) {
                throw new UncheckedIOException("open config file " + configFile + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("parse config file " + configFile + ": " + e.getMessage(), e);
            }
        }
        Map<?, ?> log = section(root, "log");
        Map<?, ?> runner = section(root, "runner");
        Object labels = runner.get("labels");
        return new RunnerConfig(text(log, "level", "info"), Path.of(text(runner, "file", ".runner")),
                labels instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
                Boolean.parseBoolean(text(runner, "insecure", "false")),
                duration(configFile, "runner.fetch_interval", text(runner, "fetch_interval", "2s")),
                duration(configFile, "runner.fetch_timeout", text(runner, "fetch_timeout", "5s")));
    }

    private static Map<?, ?> section(Map<?, ?> root, String name) {
        return root.get(name) instanceof Map<?, ?> map ? map : Map.of();
    }

    private static String text(Map<?, ?> section, String key, String fallback) {
        Object value = section.get(key);
        return value == null ? fallback : String.valueOf(value);
    }

    /** A Go duration such as {@code 2s}, {@code 500ms} or {@code 1m30s}. */
    private static Duration duration(String file, String key, String value) {
        String text = value.strip();
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + key + " must be a duration such as 2s or 500ms, not " + text);
        }
        return total;
    }
}
