package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code DELETE .../storage/{storage}/content/{volume}} removes a backup, which its owner may do with VM.Backup and space. */
class BackupRemovalTest {

    private static String backUp(PveTestClient client, int vmid) {
        client.createContainer(vmid);
        String upid = client.post("/nodes/pve/vzdump", "vmid", Integer.toString(vmid), "storage", "local").data().asText();
        assertThat(client.awaitTask(upid).get("exitstatus").asText()).isEqualTo("OK");
        return client.get("/nodes/pve/storage/local/content", "content", "backup", "vmid", Integer.toString(vmid))
                .data().get(0).get("volid").asText();
    }

    @Test
    void aRemovedBackupIsNoLongerListedAndASecondRemovalSaysItDoesNotExist() {
        try (PveSimulator sim = PveSimulator.builder().start()) {
            PveTestClient client = new PveTestClient(sim);
            String archive = backUp(client, 310);

            PveTestClient.Reply removed = client.delete("/nodes/pve/storage/local/content/" + PveTestClient.encode(archive));
            assertThat(removed.status()).as(removed.message()).isEqualTo(200);
            assertThat(client.awaitTask(removed.data().asText()).get("exitstatus").asText()).isEqualTo("OK");

            assertThat(client.get("/nodes/pve/storage/local/content", "content", "backup").data()).isEmpty();
            PveTestClient.Reply again = client.delete("/nodes/pve/storage/local/content/" + PveTestClient.encode(archive));
            assertThat(again.status()).isEqualTo(500);
            assertThat(again.message()).isEqualTo("volume '" + archive + "' does not exist\n");
        }
    }

    @Test
    void aLimitedTokenRemovesABackupOfItsGuestOnlyWithVmBackupOnIt() {
        try (PveSimulator sim = PveSimulator.builder().start()) {
            PveTestClient root = new PveTestClient(sim);
            String archive = backUp(root, 320);
            String secret = root.post("/access/users/root@pam/token/owner").data().path("value").asText();
            root.put("/access/acl", "path", "/storage/local", "roles", "PVEDatastoreUser", "tokens", "root@pam!owner");
            PveTestClient owner = new PveTestClient(sim).useToken("root@pam!owner", secret);

            PveTestClient.Reply refused = owner.delete("/nodes/pve/storage/local/content/" + PveTestClient.encode(archive));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.message()).isEqualTo("Permission check failed (/vms/320, VM.Backup)\n");

            root.put("/access/acl", "path", "/vms/320", "roles", "PVEVMUser", "tokens", "root@pam!owner");
            assertThat(owner.delete("/nodes/pve/storage/local/content/" + PveTestClient.encode(archive)).status())
                    .isEqualTo(200);
        }
    }
}
