package dev.pxci.proxmox.model;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.platform.Templates;
import java.util.List;
import java.util.function.Supplier;

/** The template volume a create names as its {@code ostemplate}, and what to do on the node when there is none. */
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
}
