package dev.pxci.ports.platform;


/**
 * How a declared template names a template volume: a volume id
 * ({@code local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}) names exactly that volume; a
 * bare file name ({@code debian-12-standard_12.7-1_amd64.tar.zst}) names it on any storage of
 * the node. Platform adapters and the domain match templates the same way through here.
 */
public final class Templates {
    private Templates() {
    }

    /** Whether {@code template} names the volume {@code volid}. */
    public static boolean names(String template, String volid) {
        return volid.equals(template) || !template.contains(":") && fileName(volid).equals(template);
    }

    /** The file name of a template volume id or path. */
    public static String fileName(String template) {
        return template.substring(template.lastIndexOf('/') + 1);
    }
}
