package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aplinfo}: the appliance index, a download task, and the template it leaves on the storage. */
class TemplateDownloadTest {
    private static final String ALPINE = "alpine-3.22-default_20250617_amd64.tar.xz";

    @TempDir
    Path state;

    @Test
    void aTemplateFromTheIndexIsDownloadedByATaskAndThenListedAndUsable() {
        try (PveSimulator sim = PveSimulator.builder().seed(3L).stateDirectory(state).start()) {
            PveTestClient client = new PveTestClient(sim);
            JsonNode index = client.get("/nodes/pve/aplinfo").data();
            assertThat(index.findValuesAsText("template")).contains(ALPINE, "debian-12-standard_12.7-1_amd64.tar.zst");
            assertThat(client.get("/nodes/pve/storage/local/content", "content", "vztmpl").data().findValuesAsText("volid"))
                    .doesNotContain("local:vztmpl/" + ALPINE);
            assertThat(client.post("/nodes/pve/lxc", "vmid", "400", "ostemplate", "local:vztmpl/" + ALPINE, "hostname", "a")
                    .message()).isEqualTo("volume 'local:vztmpl/" + ALPINE + "' does not exist\n");

            PveTestClient.Reply download = client.post("/nodes/pve/aplinfo", "storage", "local", "template", ALPINE);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.data().asText()).contains(":download:" + ALPINE + ":");
            assertThat(client.awaitTask(download.data().asText()).get("exitstatus").asText()).isEqualTo("OK");

            JsonNode content = client.get("/nodes/pve/storage/local/content", "content", "vztmpl").data();
            assertThat(content.findValuesAsText("volid")).contains("local:vztmpl/" + ALPINE);
            assertThat(content.findValuesAsText("format")).contains("txz");
            PveTestClient.Reply created = client.post("/nodes/pve/lxc", "vmid", "400", "ostemplate", "local:vztmpl/" + ALPINE,
                    "hostname", "a", "rootfs", "local-lvm:2");
            assertThat(client.awaitTask(created.data().asText()).get("exitstatus").asText()).isEqualTo("OK");
            assertThat(client.get("/nodes/pve/lxc/400/config").data().get("ostype").asText()).isEqualTo("alpine");
        }
        try (PveSimulator again = PveSimulator.builder().seed(3L).stateDirectory(state).start()) {
            assertThat(new PveTestClient(again).get("/nodes/pve/storage/local/content", "content", "vztmpl").data()
                    .findValuesAsText("volid")).as("a download survives a restart").contains("local:vztmpl/" + ALPINE);
        }
    }

    @Test
    void aTemplateOutsideTheIndexOrAStorageWithoutTemplatesIsRefused() {
        try (PveSimulator sim = PveSimulator.builder().seed(4L).start()) {
            PveTestClient client = new PveTestClient(sim);
            PveTestClient.Reply unknown = client.post("/nodes/pve/aplinfo", "storage", "local", "template", "nope.tar.zst");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body().path("errors").path("template").asText()).isEqualTo("no such template");
            assertThat(client.post("/nodes/pve/aplinfo", "storage", "local-lvm", "template", ALPINE).message())
                    .isEqualTo("storage 'local-lvm' does not support templates\n");
        }
    }
}
