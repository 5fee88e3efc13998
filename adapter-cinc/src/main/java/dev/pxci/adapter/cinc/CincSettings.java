package dev.pxci.adapter.cinc;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the Cinc adapter installs and runs the client. Built from the {@code cinc.*} settings by
 * {@link #from(AdapterConfig)}, or directly by a library user.
 *
 * @param version the pinned client version, as digits and dots ({@code 18.6.2}); never "latest"
 * @param packageUrl where the package for {@code version} is downloaded inside the target;
 *     {@code {version}} is replaced by the version
 * @param sha256 the package's SHA-256; without it nothing is downloaded
 * @param packageFile a local package file uploaded instead of downloading (hosts without internet)
 * @param runDirectory the directory in the target under which each run gets a private directory
 * @param sudo whether commands that need root are prefixed with {@code sudo -n}
 * @param clientPath the client binary; when empty {@code /opt/cinc/bin/cinc-client}, then
 *     {@code cinc-client} on the PATH
 * @param convergeTimeout how long one converge may run
 * @param installTimeout how long downloading and installing the package may take
 */
public record CincSettings(
        String version,
        String packageUrl,
        Optional<String> sha256,
        Optional<Path> packageFile,
        String runDirectory,
        SudoMode sudo,
        Optional<String> clientPath,
        Duration convergeTimeout,
        Duration installTimeout) {

    /** Pinned by default to the Cinc 18 release the reference names. */
    public static final Setting<String> VERSION = Setting.text("cinc.version",
            "pinned Cinc Client version (never 'latest')", "18.6.2");
    /** By default the Debian 12 amd64 package on the Cinc download site. */
    public static final Setting<String> PACKAGE_URL = Setting.text("cinc.package-url",
            "package downloaded inside the container; {version} is replaced",
            "https://downloads.cinc.sh/files/stable/cinc/{version}/debian/12/cinc_{version}-1_amd64.deb");
    public static final String SHA256 = "cinc.sha256";
    public static final String PACKAGE_FILE = "cinc.package-file";
    public static final Setting<String> RUN_DIR = Setting.text("cinc.run-dir",
            "directory in the container holding one private directory per run", "/var/tmp/pxci-cinc");
    public static final Setting<String> SUDO = Setting.text("cinc.sudo",
            "auto (sudo -n when the login user is not root), true or false", "auto");
    public static final String CLIENT_PATH = "cinc.client-path";
    public static final Setting<Duration> TIMEOUT = Setting.duration("cinc.timeout", "how long one converge may run",
            Duration.ofMinutes(60));
    public static final Setting<Duration> INSTALL_TIMEOUT = Setting.duration("cinc.install-timeout",
            "how long downloading and installing may take", Duration.ofMinutes(15));

    private static final Pattern VERSION_FORMAT = Pattern.compile("\\d+(\\.\\d+){0,3}");
    private static final Pattern SHA256_FORMAT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");

    public CincSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(packageUrl, "packageUrl");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(packageFile, "packageFile");
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(sudo, "sudo");
        Objects.requireNonNull(clientPath, "clientPath");
        Objects.requireNonNull(convergeTimeout, "convergeTimeout");
        Objects.requireNonNull(installTimeout, "installTimeout");
        version = checkVersion(VERSION.name(), version);
        checkPackageUrl(PACKAGE_URL.name(), packageUrl);
        sha256 = sha256.map(s -> checkSha256(SHA256, s));
        if (!SAFE_PATH.matcher(runDirectory).matches() || runDirectory.contains("..") || runDirectory.equals("/")) {
            throw invalid(RUN_DIR.name(), "has the value '" + runDirectory
                    + "', which is not an absolute directory of letters, digits, '.', '_', '-' and '/' (and not /)");
        }
        clientPath.ifPresent(p -> {
            if (!SAFE_PATH.matcher(p).matches()) {
                throw invalid(CLIENT_PATH, "has the value '" + p + "', which is not an absolute path");
            }
        });
        if (convergeTimeout.isNegative() || convergeTimeout.isZero()) {
            throw invalid(TIMEOUT.name(), "must be positive, was " + convergeTimeout);
        }
        if (installTimeout.isNegative() || installTimeout.isZero()) {
            throw invalid(INSTALL_TIMEOUT.name(), "must be positive, was " + installTimeout);
        }
    }

    /** The defaults: the pinned {@link #VERSION}, no checksum, sudo when not root. */
    public static CincSettings defaults() {
        return from(AdapterConfig.empty());
    }

    /** Reads and checks the {@code cinc.*} settings; a bad value fails with {@code INVALID_INPUT} naming its key. */
    public static CincSettings from(AdapterConfig config) {
        String sudoValue = SUDO.from(config);
        SudoMode sudo = SudoMode.fromConfigValue(sudoValue).orElseThrow(() ->
                invalid(SUDO.name(), "has the value '" + sudoValue + "', which is not auto, true or false"));
        Optional<Path> file = config.get(PACKAGE_FILE).map(CincSettings::packageFile);
        return new CincSettings(
                VERSION.from(config),
                PACKAGE_URL.from(config),
                config.get(SHA256).map(String::trim),
                file,
                RUN_DIR.from(config),
                sudo,
                config.get(CLIENT_PATH).map(String::trim),
                TIMEOUT.from(config),
                INSTALL_TIMEOUT.from(config));
    }

    /**
     * The requirement these settings describe: the pinned version and, when a checksum or a
     * package file is configured, where to get it.
     */
    public ToolRequirement requirement() {
        Optional<String> url = sha256.isPresent() && packageFile.isEmpty()
                ? Optional.of(packageUrl.replace("{version}", version))
                : Optional.empty();
        return new ToolRequirement(version, url, sha256, packageFile);
    }

    static String checkVersion(String key, String value) {
        if (!VERSION_FORMAT.matcher(value).matches()) {
            throw invalid(key, "has the value '" + value
                    + "', which is not a version such as 18.6.2; pin an exact version, never 'latest'");
        }
        return value;
    }

    static String checkSha256(String key, String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (!SHA256_FORMAT.matcher(lower).matches()) {
            throw invalid(key, "has the value '" + value + "', which is not a SHA-256 (64 hexadecimal digits)");
        }
        return lower;
    }

    static void checkPackageUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value.replace("{version}", "0"));
        } catch (URISyntaxException e) {
            throw invalid(key, "has the value '" + value + "', which is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(key, "has the value '" + value + "', which is not an http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(key, "carries credentials in the URL; credentials never go into URLs or command lines");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith(".deb") && !path.endsWith(".rpm")) {
            throw invalid(key, "has the value '" + value + "', which does not name a .deb or .rpm package");
        }
    }

    private static Path packageFile(String value) {
        Path path;
        try {
            path = Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw invalid(PACKAGE_FILE, "has the value '" + value + "', which is not a file path");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw invalid(PACKAGE_FILE, "names " + path + ", which does not exist or cannot be read");
        }
        return path;
    }

    static PxciException invalid(String key, String problem) {
        return new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key + "' " + problem);
    }
}
