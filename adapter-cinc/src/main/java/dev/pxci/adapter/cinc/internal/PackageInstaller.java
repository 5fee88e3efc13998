package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installs the client package in the target: downloaded there from the pinned URL, or uploaded
 * from a local file, then checked against its SHA-256 with {@code sha256sum -c} before
 * {@code dpkg -i} (or {@code rpm -Uvh}) sees it. A mismatch installs nothing. The staging
 * directory is private (0700) and removed afterwards.
 */
public final class PackageInstaller {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** As root: a private staging directory owned by the login user, under a traversable base. */
    private static final String STAGE_SCRIPT = """
            umask 077
            mkdir -p "$1" && chmod 0711 "$1" || exit 1
            d=$(mktemp -d "$1/install.XXXXXXXX") && chown "$2" "$d" && printf '%s\\n' "$d"
            """;
    private static final String FETCH_SCRIPT = """
            if command -v curl >/dev/null 2>&1; then
              exec curl -fsSL --retry 3 -o "$2" "$1"
            elif command -v wget >/dev/null 2>&1; then
              exec wget -q -O "$2" "$1"
            fi
            echo "neither curl nor wget is installed" >&2
            exit 127
            """;
    private static final String VERIFY_SCRIPT = """
            cd "$1" || exit 2
            if command -v sha256sum >/dev/null 2>&1; then sum="sha256sum"
            elif command -v shasum >/dev/null 2>&1; then sum="shasum -a 256"
            else echo "neither sha256sum nor shasum is installed; refusing to install unverified" >&2; exit 127
            fi
            printf '%s  %s\\n' "$2" "$3" | $sum -c - && exit 0
            echo "actual: $($sum "$3")" >&2
            exit 1
            """;
    private static final Pattern ACTUAL = Pattern.compile("actual: ([0-9a-f]{64})");

    private PackageInstaller() {
    }

    /**
     * Installs the package {@code requirement} names; when it names none, fails with
     * {@code UNSUPPORTED}, starting the message with {@code situation} (why an install is needed).
     */
    public static void install(TargetShell target, ToolRequirement requirement, String situation, String runBase,
            Duration timeout) {
        Source source = Source.of(requirement, situation);
        String stage = target.require(target.rootScript(STAGE_SCRIPT, runBase, target.loginUid()),
                "creating a staging directory under " + runBase, ErrorCode.FAILED).stdout().strip();
        TargetShell.requireChild(stage, runBase, "install.", target.describe());
        try {
            String pkg = stage + "/" + source.fileName();
            if (source.localFile() != null) {
                target.shell().upload(source.localFile(), pkg);
            } else {
                target.require(TargetShell.script(FETCH_SCRIPT, source.url(), pkg).withTimeout(timeout),
                        "downloading " + source.url(), ErrorCode.FAILED);
            }
            verify(target, stage, source);
            List<String> installArgv = source.fileName().endsWith(".rpm")
                    ? List.of("rpm", "-Uvh", "--oldpackage", "--replacepkgs", pkg)
                    : List.of("dpkg", "-i", pkg);
            target.require(target.asRoot(installArgv).withTimeout(timeout),
                    "installing " + source.describe(), ErrorCode.FAILED);
        } finally {
            target.execute(target.rootScript("rm -rf \"$1\"", stage), OutputListener.NONE);
        }
    }

    private static void verify(TargetShell target, String stage, Source source) {
        CommandResult check = target.execute(TargetShell.script(VERIFY_SCRIPT, stage, source.sha256(), source.fileName()),
                OutputListener.NONE);
        if (check.succeeded()) {
            return;
        }
        Matcher actual = ACTUAL.matcher(check.stderr());
        if (actual.find()) {
            throw new PxciException(ErrorCode.FAILED, "the Cinc package " + source.describe() + " has SHA-256 "
                    + actual.group(1) + " in " + target.describe() + ", but " + source.sha256()
                    + " was expected; nothing was installed",
                    "check the package URL and cinc.sha256 against the checksum the Cinc project publishes");
        }
        throw new PxciException(ErrorCode.FAILED, "verifying the Cinc package " + source.describe() + " in "
                + target.describe() + " failed: " + String.join(" | ", check.tail(5)) + "; nothing was installed");
    }

    /** Where the package comes from and the checksum it must have. */
    private record Source(String url, Path localFile, String fileName, String sha256) {

        static Source of(ToolRequirement requirement, String situation) {
            if (requirement.packageFile().isPresent()) {
                Path file = requirement.packageFile().get();
                String sha = requirement.sha256().map(Source::checked).orElseGet(() -> sha256Of(file));
                return new Source(null, file, packageName(file.getFileName().toString()), sha);
            }
            if (requirement.packageUrl().isPresent()) {
                String url = requirement.packageUrl().get().replace("{version}", requirement.version());
                String path = URI.create(url).getPath();
                String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
                return new Source(url, null, packageName(name), checked(requirement.sha256().orElseThrow()));
            }
            throw new PxciException(ErrorCode.UNSUPPORTED,
                    situation + ", and no package to install cinc-client " + requirement.version()
                            + " from is configured",
                    "set cinc.sha256 (the package's SHA-256, with cinc.package-url when the default URL does not fit)"
                            + " or cinc.package-file (a local .deb or .rpm for hosts without internet)");
        }

        String describe() {
            return url != null ? url : localFile.toString();
        }

        private static String packageName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".deb") && !lower.endsWith(".rpm")) {
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        "the Cinc package '" + name + "' is neither a .deb nor an .rpm");
            }
            return "cinc-package" + lower.substring(lower.length() - 4);
        }

        private static String checked(String sha) {
            String lower = sha.trim().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(lower).matches()) {
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        "the package checksum '" + sha + "' is not a SHA-256 (64 hexadecimal digits)");
            }
            return lower;
        }

        private static String sha256Of(Path file) {
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                    MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(OutputStream.nullOutputStream());
                return HexFormat.of().formatHex(in.getMessageDigest().digest());
            } catch (IOException e) {
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        "cannot read the package file " + file + ": " + e.getMessage());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
