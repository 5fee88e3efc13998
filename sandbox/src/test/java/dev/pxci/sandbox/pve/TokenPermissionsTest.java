package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenPermissionsTest {

    private static PveSimulator sim;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** A privilege-separated token of root@pam, as {@code pveum user token add root@pam NAME} makes it. */
    private static PveTestClient limitedToken(String name) {
        PveTestClient.Reply created = new PveTestClient(sim).post("/access/users/root@pam/token/" + name);
        assertThat(created.status()).as(created.message()).isEqualTo(200);
        assertThat(created.data().path("full-tokenid").asText()).isEqualTo("root@pam!" + name);
        assertThat(created.data().path("info").path("privsep").asInt()).isEqualTo(1);
        return new PveTestClient(sim).useToken("root@pam!" + name, created.data().path("value").asText());
    }

    private static void grant(String path, String role, String token) {
        PveTestClient.Reply reply = new PveTestClient(sim).put("/access/acl", "path", path, "roles", role, "tokens", token);
        assertThat(reply.status()).as(reply.message()).isEqualTo(200);
    }

    @Test
    void theBuiltInTokenHasEveryPrivilegeOnEveryDefaultPath() {
        JsonNode permissions = new PveTestClient(sim).get("/access/permissions").data();

        assertThat(permissions.has("/")).isTrue();
        assertThat(permissions.has("/vms")).isTrue();
        assertThat(permissions.path("/").size()).isEqualTo(Privileges.ALL.size());
        assertThat(permissions.path("/storage").path("Datastore.AllocateSpace").asInt()).isEqualTo(1);
    }

    @Test
    void aNewPrivilegeSeparatedTokenHasNoPrivilegesAndIsRefusedACreate() {
        PveTestClient bare = limitedToken("bare");

        assertThat(bare.get("/access/permissions").data().size()).isZero();
        PveTestClient.Reply create = bare.post("/nodes/pve/lxc", "vmid", "700",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.message()).isEqualTo("Permission check failed (/vms/700, VM.Allocate)\n");
    }

    @Test
    void privilegesFollowTheAclWithPropagationAndTheDeeperEntryReplacingTheInheritedOne() {
        PveTestClient token = limitedToken("vms");
        grant("/vms", "PVEVMAdmin", "root@pam!vms");
        grant("/vms/710", "PVEAuditor", "root@pam!vms");

        JsonNode onParent = token.get("/access/permissions", "path", "/vms/711").data().path("/vms/711");
        JsonNode onOverridden = token.get("/access/permissions", "path", "/vms/710").data().path("/vms/710");

        assertThat(onParent.path("VM.Allocate").asInt()).isEqualTo(1);
        assertThat(onOverridden.has("VM.Allocate")).isFalse();
        assertThat(onOverridden.path("VM.Audit").asInt()).isEqualTo(1);
        assertThat(token.get("/access/permissions", "path", "/storage/local-lvm").data().path("/storage/local-lvm").size())
                .isZero();
    }

    @Test
    void aCreateNeedsSpaceOnTheStorageItAllocatesOnAndListingsHideWhatTheTokenMayNotSee() {
        PveTestClient token = limitedToken("creator");
        grant("/vms/720", "PVEVMAdmin", "root@pam!creator");
        grant("/storage/local", "PVEDatastoreUser", "root@pam!creator");

        PveTestClient.Reply refused = token.post("/nodes/pve/lxc", "vmid", "720",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo("Permission check failed (/storage/local-lvm, Datastore.AllocateSpace)\n");

        grant("/storage/local-lvm", "PVEDatastoreUser", "root@pam!creator");
        PveTestClient.Reply created = token.post("/nodes/pve/lxc", "vmid", "720",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        assertThat(created.status()).as(created.message()).isEqualTo(200);
        token.awaitTask(created.data().asText());
        PveTestClient.Reply other = new PveTestClient(sim).post("/nodes/pve/lxc", "vmid", "721",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        new PveTestClient(sim).awaitTask(other.data().asText());

        JsonNode seen = token.get("/cluster/resources", "type", "vm").data();
        assertThat(seen.findValuesAsText("vmid")).contains("720").doesNotContain("721");
        assertThat(new PveTestClient(sim).get("/cluster/resources", "type", "vm").data().findValuesAsText("vmid"))
                .contains("720", "721");
    }

    @Test
    void aPrivilegedCreateNeedsSysModifyOnTheRoot() {
        PveTestClient token = limitedToken("privileged");
        grant("/vms/730", "PVEVMAdmin", "root@pam!privileged");
        grant("/storage", "PVEDatastoreUser", "root@pam!privileged");

        PveTestClient.Reply refused = token.post("/nodes/pve/lxc", "vmid", "730", "unprivileged", "0",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo("Permission check failed (/, Sys.Modify)\n");
    }

    @Test
    void aLimitedTokenCannotGrantItselfMore() {
        PveTestClient token = limitedToken("climber");
        grant("/vms", "PVEVMAdmin", "root@pam!climber");

        PveTestClient.Reply reply = token.put("/access/acl", "path", "/", "roles", "Administrator", "tokens", "root@pam!climber");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.message()).isEqualTo("Permission check failed (/, Permissions.Modify)\n");
        PveTestClient.Reply another = token.post("/access/users/root@pam/token/another");
        assertThat(another.status()).isEqualTo(403);
        assertThat(another.message()).isEqualTo("Permission check failed (/access/users/root@pam, User.Modify)\n");
        assertThat(new PveTestClient(sim).get("/access/acl").data().findValuesAsText("ugid")).contains("root@pam!climber");
    }
}
