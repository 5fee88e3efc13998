package dev.pxci.it.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.adapter.ansible.AnsiblePlatformFactory;
import dev.pxci.adapter.proxmox.ProxmoxPlatformFactory;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.sandbox.pve.PveSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same container spec provisioned once through the {@code proxmox} adapter (the REST API from
 * Java) and once through the {@code ansible} adapter (the base playbook and the Ansible module) must
 * leave the same configuration behind, field by field, as the simulator stores it.
 */
class PlatformParityIT {
    private static final int BY_PROXMOX = 401;
    private static final int BY_ANSIBLE = 402;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void bothPlatformsLeaveTheSameConfigurationBehind() throws Exception {
        try (PveSimulator sim = PveSimulator.builder().start();
                ContainerPlatform proxmox = new ProxmoxPlatformFactory().create(Sandbox.proxmox(sim));
                ContainerPlatform ansible = new AnsiblePlatformFactory().create(Sandbox.ansible(sim, dir))) {
            ContainerSpec spec = Sandbox.spec(BY_PROXMOX, "parity");

            proxmox.create(spec);
            ansible.create(spec.withVmid(BY_ANSIBLE));
            Map<String, String> viaProxmox = config(sim, BY_PROXMOX);
            Map<String, String> viaAnsible = config(sim, BY_ANSIBLE);

            assertThat(viaAnsible).containsOnlyKeys(viaProxmox.keySet());
            viaProxmox.forEach((key, value) -> assertThat(viaAnsible.get(key)).as("config key %s", key).isEqualTo(value));
            assertThat(viaProxmox).containsKeys("hostname", "cores", "memory", "swap", "rootfs", "mp0", "net0", "features",
                    "unprivileged", "tags", "onboot");

            proxmox.start(spec.ref());
            ansible.start(spec.withVmid(BY_ANSIBLE).ref());
            assertThat(proxmox.find(BY_ANSIBLE).orElseThrow()).usingRecursiveComparison()
                    .ignoringFields("ref", "revision").isEqualTo(ansible.find(BY_PROXMOX).orElseThrow());
            assertThat(ansible.find(BY_ANSIBLE).orElseThrow().config()).isEqualTo(proxmox.find(BY_PROXMOX).orElseThrow().config());
        }
    }

    /**
     * The stored configuration of a container, read with a plain HTTP client: the digest dropped,
     * the generated MAC address taken out of the interfaces, the proxmox adapter's run mark taken
     * out of the description, volume names made independent of the id, and tags in the form Proxmox VE itself stores them (pve-container's update_pct_config passes
     * them through pve-guest-common's get_unique_tags: lower case, sorted, unique, joined by ';').
     * The simulator keeps the separator it was sent, and the Ansible module sends ','.
     */
    private static Map<String, String> config(PveSimulator sim, int vmid) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sim.certificate().clientContextTrustingOnlyThis()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/api2/json/nodes/pve/lxc/" + vmid + "/config"))
                .header("Authorization", "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).path("data");
        Map<String, String> config = new TreeMap<>();
        data.properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        config.remove("digest");
        // the proxmox adapter marks what it creates with its run's id, to recognise a create it must not repeat
        config.computeIfPresent("description", (key, value) -> value.replaceAll("pxci run [0-9a-f-]+\\n?", ""));
        config.remove("description", "");
        config.computeIfPresent("tags", (key, value) -> String.join(";", new java.util.TreeSet<>(
                java.util.Arrays.asList(value.toLowerCase(java.util.Locale.ROOT).split("[;,\\s]+")))));
        config.replaceAll((key, value) -> key.startsWith("net") ? value.replaceAll(",?hwaddr=[0-9A-Fa-f:]+", "") : value);
        config.replaceAll((key, value) -> value.replace("vm-" + vmid + "-", "vm-ID-").replace(":" + vmid + "/", ":ID/"));
        return config;
    }
}
