package dev.pxci.sandbox.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a Gitea {@code app.ini} that the stand-in uses, with Gitea's defaults: {@code
 * WORK_PATH} and {@code RUN_USER} at the top, {@code [server] HTTP_ADDR}, {@code HTTP_PORT},
 * {@code PROTOCOL}, {@code DOMAIN}, {@code ROOT_URL}, {@code APP_DATA_PATH}, {@code [database]
 * PATH} and {@code [repository] ROOT}. Relative paths are taken from the work path, as Gitea does.
 */
final class AppIni {
    private final Path file;
    private final Map<String, Map<String, String>> sections;
    private final Path workPath;

    private AppIni(Path file, Map<String, Map<String, String>> sections, Path workPath) {
        this.file = file;
        this.sections = sections;
        this.workPath = workPath;
    }

    /**
     * Reads {@code file}; {@code workPathFlag} is {@code --work-path} when given. A line that is
     * neither a section, a key, a comment nor blank is refused with its number.
     */
    static AppIni read(Path file, Optional<String> workPathFlag) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = "";
        sections.put(section, new LinkedHashMap<>());
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration " + file, e);
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                section = section.equals("default") ? "" : section;
                sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": expected KEY = VALUE or [section], found: "
                        + line);
            }
            sections.get(section).put(line.substring(0, eq).strip().toUpperCase(Locale.ROOT),
                    unquote(line.substring(eq + 1).strip()));
        }
        String work = workPathFlag.or(() -> Optional.ofNullable(sections.get("").get("WORK_PATH")))
                .or(() -> Optional.ofNullable(System.getenv("GITEA_WORK_DIR")))
                .orElse(file.toAbsolutePath().getParent().toString());
        return new AppIni(file, sections, Path.of(work).toAbsolutePath());
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("`") && value.endsWith("`"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    Path file() {
        return file;
    }

    Optional<String> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section.toLowerCase(Locale.ROOT), Map.of()).get(key))
                .filter(v -> !v.isEmpty());
    }

    Path workPath() {
        return workPath;
    }

    Optional<String> runUser() {
        return get("", "RUN_USER");
    }

    boolean allowsRoot() {
        return get("", "I_AM_BEING_UNSAFE_RUNNING_AS_ROOT").map(Boolean::parseBoolean).orElse(false);
    }

    String httpAddress() {
        return get("server", "HTTP_ADDR").orElse("0.0.0.0");
    }

    int httpPort() {
        String port = get("server", "HTTP_PORT").orElse("3000");
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": [server] HTTP_PORT must be a port number, not " + port);
        }
    }

    /** ROOT_URL, or Gitea's default {@code PROTOCOL://DOMAIN:HTTP_PORT/}. */
    String rootUrl() {
        String protocol = get("server", "PROTOCOL").orElse("http");
        if (!protocol.equals("http")) {
            throw new IllegalArgumentException(file + ": [server] PROTOCOL " + protocol
                    + " is not served by the gitea-standin; it serves http");
        }
        String url = get("server", "ROOT_URL").orElse("http://" + get("server", "DOMAIN").orElse("localhost") + ":"
                + httpPort() + "/");
        URI.create(url);
        return url;
    }

    Path appDataPath() {
        return resolve(get("server", "APP_DATA_PATH").orElse("data"));
    }

    /** Where Gitea keeps its SQLite database: {@code [database] PATH}, by default {@code APP_DATA_PATH/gitea.db}. */
    Path databasePath() {
        return get("database", "PATH").map(this::resolve).orElse(appDataPath().resolve("gitea.db"));
    }

    Path repositoryRoot() {
        return get("repository", "ROOT").map(this::resolve).orElse(appDataPath().resolve("gitea-repositories"));
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : workPath.resolve(p);
    }
}
