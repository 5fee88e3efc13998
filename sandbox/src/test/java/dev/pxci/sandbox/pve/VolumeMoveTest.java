package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code move_volume} to another container: pve-container's checks, the renamed volume, the task. */
class VolumeMoveTest {

    private static PveSimulator sim;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().seed(11L).start();
        client = new PveTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aMountPointMovesToAnotherContainerRenamedAndKeepsItsOptions() {
        client.createContainer(300, "mp0", "local-lvm:4,mp=/data,backup=1");
        client.createContainer(301);

        PveTestClient.Reply moved = client.post("/nodes/pve/lxc/300/move_volume", "volume", "mp0", "target-vmid", "301",
                "target-volume", "mp0");
        assertThat(moved.status()).isEqualTo(200);
        String upid = moved.data().asText();
        assertThat(upid).contains(":move_volume:300-mp0>301-mp0:");
        assertThat(client.awaitTask(upid).get("exitstatus").asText()).isEqualTo("OK");

        assertThat(client.get("/nodes/pve/lxc/300/config").data().has("mp0")).isFalse();
        assertThat(client.get("/nodes/pve/lxc/301/config").data().get("mp0").asText())
                .isEqualTo("local-lvm:vm-301-disk-1,mp=/data,backup=1,size=4G");
        JsonNode volumes = client.get("/nodes/pve/storage/local-lvm/content", "vmid", "301").data();
        assertThat(volumes.findValuesAsText("volid"))
                .containsExactlyInAnyOrder("local-lvm:vm-301-disk-0", "local-lvm:vm-301-disk-1");
        assertThat(client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/log").body().toString())
                .contains("moving volume 'mp0' from container '300' to '301'");
    }

    @Test
    void anUnusedVolumeMovesAsABareVolumeId() {
        client.createContainer(310, "mp0", "local-lvm:2,mp=/old");
        client.createContainer(311);
        assertThat(client.put("/nodes/pve/lxc/310/config", "delete", "mp0").status()).isEqualTo(200);

        PveTestClient.Reply moved = client.post("/nodes/pve/lxc/310/move_volume", "volume", "unused0",
                "target-vmid", "311", "target-volume", "unused0");
        assertThat(client.awaitTask(moved.data().asText()).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/311/config").data().get("unused0").asText())
                .isEqualTo("local-lvm:vm-311-disk-1");
    }

    @Test
    void theChecksAnswerWithPveContainersTexts() {
        client.createContainer(320, "mp0", "local-lvm:2,mp=/a", "mp1", "local-lvm:2,mp=/b");
        client.createContainer(321, "mp0", "local-lvm:2,mp=/c");

        assertThat(client.post("/nodes/pve/lxc/320/move_volume", "volume", "mp0", "target-vmid", "321",
                "target-volume", "mp0").message()).isEqualTo("Target volume key 'mp0' is already in use for container '321'\n");
        assertThat(client.post("/nodes/pve/lxc/320/move_volume", "volume", "mp7", "target-vmid", "321",
                "target-volume", "mp7").message()).isEqualTo("volume 'mp7' for container '320' does not exist\n");
        assertThat(client.post("/nodes/pve/lxc/320/move_volume", "volume", "rootfs", "target-vmid", "321").message())
                .isEqualTo("Cannot move to/from 'rootfs'\n");
        assertThat(client.post("/nodes/pve/lxc/320/move_volume", "volume", "mp1", "target-vmid", "399").message())
                .isEqualTo("could not find CT 399\n");
        PveTestClient.Reply neither = client.post("/nodes/pve/lxc/320/move_volume", "volume", "mp1");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.body().path("errors").path("target-vmid").asText())
                .isEqualTo("both 'storage' and 'target-vmid' missing, either needs to be set");

        client.awaitTask(client.post("/nodes/pve/lxc/320/status/start").data().asText());
        assertThat(client.post("/nodes/pve/lxc/320/move_volume", "volume", "mp1", "target-vmid", "321",
                "target-volume", "mp1").message())
                .isEqualTo("Cannot move in-use volume while the source CT is running - detach or shutdown first\n");
    }
}
