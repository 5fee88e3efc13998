package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The share volumes a container keeps detached, so that a share dropped from the declaration and
 * declared again gets its volume back. When pxci detaches a mount point, Proxmox VE keeps its
 * volume as an {@code unusedN} entry, which records neither the path nor the size; so pxci adds a
 * line to the container's description, {@code pxci kept <path> <volume> <size>G}, and takes the
 * volume back (and drops the line) when a mount at that path is declared again. A line whose volume
 * the container no longer has (someone removed the disk) is dropped; the rest of the description
 * is left as it is.
 */
final class KeptVolumes {
    private static final Pattern LINE = Pattern.compile("^pxci kept (/\\S*) (\\S+:\\S+) (\\d+)G$");

    /** A kept volume: where it was mounted, its volume id and size. */
    record Kept(String path, String volume, int sizeGiB) {
        String line() {
            return "pxci kept " + path + " " + volume + " " + sizeGiB + "G";
        }
    }

    private final String description;
    private final Map<String, Kept> kept = new LinkedHashMap<>();
    private final List<String> otherLines = new ArrayList<>();
    private boolean changed;

    private KeptVolumes(JsonNode config) {
        this.description = Lenient.text(config, "description").orElse("");
        // a detach that waits for a restart leaves the volume in its mount point until then
        Set<String> owned = new TreeSet<>();
        for (String kind : List.of("unused", "mp")) {
            ConfigCodec.slots(config, kind).values().forEach(p -> p.get("volume").ifPresent(owned::add));
        }
        for (String line : description.split("\n", -1)) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                otherLines.add(line);
            } else if (owned.contains(m.group(2))) {
                kept.put(m.group(1), new Kept(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
            } else {
                changed = true;
            }
        }
    }

    /** What the description of {@code config} says is kept. */
    static KeptVolumes of(JsonNode config) {
        return new KeptVolumes(config);
    }

    /** The volume kept for {@code path}, which is then no longer kept. */
    Optional<Kept> take(String path) {
        Kept k = kept.remove(path);
        changed |= k != null;
        return Optional.ofNullable(k);
    }

    /** Notes that the volume mounted at {@code path} is now kept detached. */
    void keep(String path, String volume, int sizeGiB) {
        kept.put(path, new Kept(path, volume, sizeGiB));
        changed = true;
    }

    /** The description to write when the notes changed: the other lines as they were, then the notes. */
    Optional<String> description() {
        if (!changed) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>(otherLines);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        kept.values().forEach(k -> lines.add(k.line()));
        String next = String.join("\n", lines);
        return next.equals(description) ? Optional.empty() : Optional.of(next);
    }
}
