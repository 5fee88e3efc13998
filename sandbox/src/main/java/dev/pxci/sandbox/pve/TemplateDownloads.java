package dev.pxci.sandbox.pve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /nodes/{node}/aplinfo}: the node's appliance index ({@code GET}) and the download of one
 * of its templates onto a storage ({@code POST}, worker {@code download}), with pve-manager's
 * checks and texts. A downloaded template is listed in the storage's content and can be created
 * from. Nothing leaves the machine: the index is {@link Inventory#APPLIANCES}, and its checksums
 * are derived from the file names.
 */
final class TemplateDownloads {
    private static final String CACHE = "/var/lib/vz/template/cache/";

    private final ClusterState state;

    TemplateDownloads(ClusterState state) {
        this.state = state;
    }

    List<Map<String, Object>> index(String node) {
        return state.read(() -> {
            state.requireNode(node);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Inventory.Appliance appliance : Inventory.APPLIANCES) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("template", appliance.template());
                item.put("type", "lxc");
                item.put("package", appliance.template().substring(0, appliance.template().indexOf('_')));
                item.put("os", appliance.os());
                item.put("version", appliance.version());
                item.put("section", "system");
                item.put("headline", appliance.headline());
                item.put("description", appliance.headline() + ".");
                item.put("location", appliance.location());
                item.put("sha512sum", sha512(appliance.template()));
                item.put("architecture", "amd64");
                item.put("maintainer", "Proxmox Support Team <support@proxmox.com>");
                item.put("infopage", "https://pve.proxmox.com/wiki/Linux_Container#pct_supported_distributions");
                out.add(item);
            }
            return out;
        });
    }

    String download(String node, String storageName, String template, Access.Identity who) {
        return state.mutate(() -> {
            state.requireNode(node);
            Inventory.Appliance appliance = Inventory.appliance(template);
            if (appliance == null) {
                throw PveApiException.parameter("template", "no such template");
            }
            Inventory.Storage storage = Inventory.requireStorage(storageName);
            if (!storage.content().contains("vztmpl")) {
                throw PveApiException.serverError("storage '" + storageName + "' does not support templates");
            }
            String target = CACHE + template;
            return state.startTask(node, "download", template, who,
                    List.of("starting template download from: " + appliance.location(), "target file: " + target),
                    ContainerConfigs.work(() -> state.addTemplate(node, new Inventory.Template(
                            storageName + ":vztmpl/" + template, appliance.sizeBytes(), ClusterState.now()))));
        });
    }

    private static String sha512(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
