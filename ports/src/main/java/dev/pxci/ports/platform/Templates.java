package dev.pxci.ports.platform;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a declared template names a template volume: a volume id
 * ({@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}) names exactly that volume; a
 * bare file name ({@code debian-12-standard_12.7-1_amd64.tar.zst}) names it on any storage of
 * the node. Platform adapters and the domain resolve templates the same way through here.
 */
public final class Templates {
    private Templates() {
    }

    /** Whether {@code template} names the volume {@code volid}. */
    public static boolean names(String template, String volid) {
        return volid.equals(template) || !template.contains(":") && fileName(volid).equals(template);
    }

    /**
     * The volume id {@code template} stands for on {@code node}: itself when it is a volume id
     * (the create call then judges it), else the first of the node's {@code available} template
     * volumes with that file name, asked for only then.
     *
     * @throws PxciException {@code NOT_FOUND} naming the node's templates and the download to run
     */
    public static String resolve(String node, String template, Supplier<List<String>> available) {
        if (template.contains(":")) {
            return template;
        }
        List<String> volids = available.get();
        return volids.stream().filter(volid -> names(template, volid)).findFirst()
                .orElseThrow(() -> new PxciException(ErrorCode.NOT_FOUND, "template " + template + " is not on node " + node
                        + (volids.isEmpty() ? " (no templates there)" : "; available: " + String.join(", ", volids)),
                        "download it on the node: pveam update && pveam download local " + template));
    }

    /** The file name of a template volume id or path. */
    public static String fileName(String template) {
        return template.substring(template.lastIndexOf('/') + 1);
    }
}
