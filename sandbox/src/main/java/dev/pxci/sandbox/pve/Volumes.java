package dev.pxci.sandbox.pve;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Disk sizes and volume names as PVE writes them ({@code local-lvm:vm-100-disk-0,size=8G}). */
final class Volumes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGT]?)");
    /** {@code STORAGE:SIZE_IN_GIB}: a request to allocate a new volume. */
    private static final Pattern ALLOCATION = Pattern.compile("([a-z][a-z0-9\\-_.]*[a-z0-9]):(\\d+(?:\\.\\d+)?)");

    private Volumes() {
    }

    /** Bytes of a PVE disk size such as {@code 8G} or {@code 512M}; a bare number is bytes. */
    static long sizeBytes(String size) {
        if (size == null) {
            return 0;
        }
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            return 0;
        }
        double value = Double.parseDouble(matcher.group(1));
        long unit = switch (matcher.group(2)) {
            case "K" -> 1024L;
            case "M" -> Container.MIB;
            case "G" -> Container.GIB;
            case "T" -> 1024L * Container.GIB;
            default -> 1L;
        };
        return (long) (value * unit);
    }

    /** PVE's way of printing a size in GiB: {@code 8G}, or {@code 512M} below one GiB. */
    static String formatGib(double gib) {
        if (gib == Math.rint(gib)) {
            return (long) gib + "G";
        }
        return Math.round(gib * 1024) + "M";
    }

    /** The storage and size (GiB) when a volume string asks for a new allocation, else null. */
    static Matcher allocation(String volume) {
        Matcher matcher = ALLOCATION.matcher(volume);
        return matcher.matches() ? matcher : null;
    }

    static String storageOf(String volumeId) {
        int colon = volumeId.indexOf(':');
        return colon < 0 ? null : volumeId.substring(0, colon);
    }
}
