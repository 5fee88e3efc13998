package dev.pxci.proxmox.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Templates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Container templates: the volume a create names as its {@code ostemplate} (and the download to
 * run on a node that lacks it), and what a node's appliance index offers.
 */
public final class TemplateVolumes {
    private TemplateVolumes() {
    }

    /**
     * The volume id {@code template} stands for on {@code node}: itself when it is a volume id
     * (the create call then judges it), else the first of the node's {@code available} template
     * volumes with that file name ({@link Templates#names}), asked for only then.
     *
     * @throws PxciException {@code NOT_FOUND} naming the node's templates and the {@code pveam} download to run
     */
    public static String resolve(String node, String template, Supplier<List<String>> available) {
        if (template.contains(":")) {
            return template;
        }
        List<String> volids = available.get();
        return volids.stream().filter(volid -> Templates.names(template, volid)).findFirst()
                .orElseThrow(() -> new PxciException(ErrorCode.NOT_FOUND, "template " + template + " is not on node " + node
                        + (volids.isEmpty() ? " (no templates there)" : "; available: " + String.join(", ", volids)),
                        "download it on the node: pveam update && pveam download local " + template));
    }

    /** The container template files a {@code GET /nodes/{node}/aplinfo} answer offers, sorted. */
    public static List<String> downloadable(JsonNode aplinfo) {
        List<String> files = new ArrayList<>();
        for (JsonNode appliance : aplinfo) {
            if (Lenient.text(appliance, "type").map(t -> t.equals("lxc") || t.equals("openvz")).orElse(false)) {
                Lenient.text(appliance, "template").ifPresent(files::add);
            }
        }
        files.sort(Comparator.naturalOrder());
        return List.copyOf(files);
    }
}
