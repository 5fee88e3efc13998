package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.platform.PlatformInfo;
import java.util.List;

/** What {@code GET /version} says about the platform. */
public final class PveVersion {
    /**
     * The field by which the pxci sandbox says whether its containers run processes (0: they are
     * records); a real Proxmox VE sends none, and its containers do.
     */
    static final String CONTAINER_PROCESSES = "container-processes";

    private PveVersion() {
    }

    /** The platform as {@code version} (a {@code GET /version} answer) describes it, with {@code warnings}. */
    public static PlatformInfo info(JsonNode version, List<String> warnings) {
        String release = Lenient.text(version, "release").or(() -> Lenient.text(version, "version")).orElse("unknown");
        boolean processes = Lenient.longValue(version, CONTAINER_PROCESSES).orElse(1) != 0;
        return new PlatformInfo("Proxmox VE", release, processes, warnings);
    }
}
