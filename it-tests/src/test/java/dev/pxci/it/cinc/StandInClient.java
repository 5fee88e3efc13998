package dev.pxci.it.cinc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The stand-in for {@code cinc-client} from the test resources ({@code cinc-client-standin}, a Ruby
 * script that behaves like the documented client; see its header), made executable, and a real
 * Debian package that installs it, for the install tests.
 */
final class StandInClient {
    /** Name of the test package; purged after each install test. */
    static final String PACKAGE = "pxci-it-cinc-standin";
    /** Where the test package installs the stand-in. */
    static final String INSTALLED_PATH = "/opt/pxci-it-cinc/bin/cinc-client";

    private StandInClient() {
    }

    /** Copies the stand-in into {@code dir} as an executable {@code cinc-client}. */
    static Path install(Path dir) throws IOException {
        Path target = dir.resolve("cinc-client");
        try (InputStream in = StandInClient.class.getResourceAsStream("cinc-client-standin")) {
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }

    /** Builds {@code pxci-it-cinc-standin_18.6.2-1_all.deb} in {@code dir} with {@code dpkg-deb}. */
    static Path buildPackage(Path dir) throws IOException, InterruptedException {
        Path root = dir.resolve("pkgroot");
        Path bin = Files.createDirectories(root.resolve(INSTALLED_PATH.substring(1)).getParent());
        install(bin);
        Path control = Files.createDirectories(root.resolve("DEBIAN")).resolve("control");
        Files.writeString(control, String.join("\n",
                "Package: " + PACKAGE,
                "Version: 18.6.2-1",
                "Architecture: all",
                "Maintainer: pxci tests <tests@pxci.invalid>",
                "Description: stand-in for cinc-client, for pxci's install tests only",
                ""));
        Path deb = dir.resolve(PACKAGE + "_18.6.2-1_all.deb");
        run(List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(), deb.toString()));
        return deb;
    }

    /** Removes the test package if it is installed (also after an aborted run). */
    static void purgePackage() throws IOException, InterruptedException {
        run(List.of("dpkg", "--purge", PACKAGE));
    }

    /** Whether dpkg lists the test package as installed. */
    static boolean packageInstalled() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", PACKAGE).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 && out.contains("install ok installed");
    }

    private static void run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
        }
    }
}
