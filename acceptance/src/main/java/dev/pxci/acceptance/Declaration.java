package dev.pxci.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The suite's one container as a {@code config.env}: the first id of the range, tagged
 * {@value RangeGuard#TAG} so that it is known again, on the settings' node, storage, template and
 * bridge; an address from the test subnet or DHCP.
 */
record Declaration(int cores, int memoryMiB, int diskGiB, boolean shares, boolean terminate) {

    static final int FIRST_DISK_GIB = 2;

    static Declaration initial(boolean shares) {
        return new Declaration(1, 512, FIRST_DISK_GIB, shares, false);
    }

    Declaration resized(int newCores, int newMemoryMiB) {
        return new Declaration(newCores, newMemoryMiB, diskGiB, shares, terminate);
    }

    /** A smaller disk: a create-only change, so a replacement. */
    Declaration shrunk() {
        return new Declaration(cores, memoryMiB, diskGiB - 1, shares, terminate);
    }

    Declaration terminating(boolean allowed) {
        return new Declaration(cores, memoryMiB, diskGiB, shares, allowed);
    }

    static String hostname(Settings settings) {
        return "pxci-acceptance-" + settings.ids().first();
    }

    String text(Settings settings) {
        StringBuilder out = new StringBuilder("# written by the pxci acceptance suite\n");
        out.append("ID=").append(settings.ids().first()).append('\n');
        out.append("HOSTNAME=").append(hostname(settings)).append('\n');
        if (settings.subnet().isPresent()) {
            out.append("IP=").append(settings.subnet().get().address(0)).append('\n');
            out.append("GATEWAY=").append(settings.subnet().get().gateway()).append('\n');
        } else {
            out.append("IP=dhcp\n");
        }
        out.append("NODE=").append(settings.node()).append('\n');
        out.append("TEMPLATE=").append(settings.template()).append('\n');
        out.append("BRIDGE=").append(settings.bridge()).append('\n');
        out.append("CORES=").append(cores).append('\n');
        out.append("MEMORY=").append(memoryMiB).append('\n');
        out.append("SWAP=512\n");
        out.append("DISK=").append(settings.storage()).append(':').append(diskGiB).append('\n');
        if (shares) {
            out.append("MOUNT=share:1\n");
            out.append("MOUNT_STORAGE=").append(settings.storage()).append('\n');
        }
        out.append("UNPRIVILEGED=yes\n");
        out.append("FEATURES=nesting\n");
        out.append("TAGS=pxci,").append(RangeGuard.TAG).append('\n');
        out.append("TERMINATE=").append(terminate ? "yes" : "no").append('\n');
        return out.toString();
    }

    /** Writes {@code config.env} in {@code work} and returns its path. */
    Path write(Settings settings, Path work) {
        Path file = work.resolve("config.env");
        try {
            Files.writeString(file, text(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
