package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code vzdump} writes an archive of a container to a backup storage; a create with {@code restore=1} brings it back. */
class BackupRestoreTest {
    private static final String DEBIAN = Inventory.DEBIAN_12;

    private static void created(PveTestClient client, int vmid) {
        PveTestClient.Reply create = client.post("/nodes/pve/lxc", "vmid", Integer.toString(vmid), "ostemplate", DEBIAN,
                "hostname", "web", "memory", "1024", "rootfs", "local-lvm:8", "mp0", "local-lvm:4,mp=/share,backup=1",
                "features", "nesting=1", "unprivileged", "1");
        assertThat(client.awaitTask(create.data().asText()).get("exitstatus").asText()).isEqualTo("OK");
    }

    @Test
    void aBackupIsListedOnItsStorageAndRestoresTheContainerWithNewVolumes() {
        try (PveSimulator sim = PveSimulator.builder().seed(11L).start()) {
            PveTestClient client = new PveTestClient(sim);
            created(client, 300);
            assertThat(client.awaitTask(client.post("/nodes/pve/lxc/300/status/start").data().asText())
                    .get("exitstatus").asText()).isEqualTo("OK");

            PveTestClient.Reply dump = client.post("/nodes/pve/vzdump", "vmid", "300", "storage", "local", "mode", "stop",
                    "compress", "zstd");
            assertThat(dump.status()).isEqualTo(200);
            String upid = dump.data().asText();
            assertThat(upid).contains(":vzdump:300:");
            assertThat(client.awaitTask(upid).get("exitstatus").asText()).isEqualTo("OK");
            assertThat(client.get("/nodes/pve/tasks/" + upid + "/log", "limit", "0").data().findValuesAsText("t"))
                    .anyMatch(line -> line.startsWith("INFO: creating vzdump archive '/var/lib/vz/dump/vzdump-lxc-300-"))
                    .contains("INFO: Backup job finished successfully");
            assertThat(client.get("/nodes/pve/lxc/300/status/current").data().get("status").asText())
                    .as("stop mode starts a running container again").isEqualTo("running");

            JsonNode listed = client.get("/nodes/pve/storage/local/content", "content", "backup", "vmid", "300").data();
            assertThat(listed).hasSize(1);
            String archive = listed.get(0).get("volid").asText();
            assertThat(archive).matches("local:backup/vzdump-lxc-300-\\d{4}_\\d{2}_\\d{2}-\\d{2}_\\d{2}_\\d{2}\\.tar\\.zst");
            assertThat(client.get("/nodes/pve/storage/local/content", "content", "vztmpl").data().findValuesAsText("volid"))
                    .doesNotContain(archive);

            String destroy = client.delete("/nodes/pve/lxc/300", "force", "1", "purge", "1").data().asText();
            assertThat(client.awaitTask(destroy).get("exitstatus").asText()).isEqualTo("OK");
            PveTestClient.Reply restore = client.post("/nodes/pve/lxc", "vmid", "300", "ostemplate", archive, "restore", "1");
            assertThat(restore.data().asText()).contains(":vzrestore:300:");
            assertThat(client.awaitTask(restore.data().asText()).get("exitstatus").asText()).isEqualTo("OK");

            JsonNode config = client.get("/nodes/pve/lxc/300/config").data();
            assertThat(config.get("memory").asText()).isEqualTo("1024");
            assertThat(config.get("features").asText()).isEqualTo("nesting=1");
            assertThat(config.get("rootfs").asText()).isEqualTo("local-lvm:vm-300-disk-0,size=8G");
            assertThat(config.get("mp0").asText()).contains("local-lvm:vm-300-disk-1").contains("mp=/share").contains("size=4G");
            assertThat(client.get("/nodes/pve/lxc/300/status/current").data().get("status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void aStorageWithoutBackupContentFailsTheJobAndAnArchiveMustExist() {
        try (PveSimulator sim = PveSimulator.builder().seed(12L).start()) {
            PveTestClient client = new PveTestClient(sim);
            created(client, 301);
            String upid = client.post("/nodes/pve/vzdump", "vmid", "301", "storage", "local-lvm").data().asText();
            assertThat(client.awaitTask(upid).get("exitstatus").asText())
                    .isEqualTo("can't use storage 'local-lvm' for backups - wrong content type");
            String missing = client.post("/nodes/pve/vzdump", "vmid", "999", "storage", "local").data().asText();
            assertThat(client.awaitTask(missing).get("exitstatus").asText()).isEqualTo("job errors");
            assertThat(client.post("/nodes/pve/vzdump", "storage", "local").body().path("errors").path("vmid").asText())
                    .isEqualTo("property is missing");
            assertThat(client.post("/nodes/pve/lxc", "vmid", "302", "ostemplate", "local:backup/vzdump-lxc-1-x.tar.zst",
                    "restore", "1").message()).isEqualTo("volume 'local:backup/vzdump-lxc-1-x.tar.zst' does not exist\n");
            assertThat(client.get("/nodes/pve/lxc/301/config").data().has("lock")).isFalse();
        }
    }
}
