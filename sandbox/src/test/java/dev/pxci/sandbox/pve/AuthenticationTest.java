package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    private static PveSimulator sim;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void requestWithoutCredentialsIs401NoTicket() {
        PveTestClient.Reply reply = new PveTestClient(sim).useHeaders(Map.of()).get("/version");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.message()).isEqualTo("No ticket\n");
    }

    @Test
    void wrongTokenSecretAndUnknownTokenAre401() {
        PveTestClient.Reply wrongSecret = new PveTestClient(sim).useToken(sim.tokenId(), "not-the-secret").get("/nodes");
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.message()).isEqualTo("permission denied - invalid token value!\n");

        PveTestClient.Reply unknown = new PveTestClient(sim).useToken("root@pam!other", sim.tokenSecret()).get("/nodes");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.message()).doesNotContain(sim.tokenSecret());
    }

    @Test
    void tokenIdAndSecretAreShapedLikePveIssuesThem() {
        assertThat(sim.tokenId()).isEqualTo("root@pam!pxci");
        assertThat(sim.tokenSecret()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void wrongPasswordIs401AuthenticationFailure() {
        PveTestClient client = new PveTestClient(sim).useHeaders(Map.of());

        PveTestClient.Reply reply = client.post("/access/ticket", "username", "root@pam", "password", "guess");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.message()).isEqualTo("authentication failure\n");
    }

    @Test
    void ticketReadsFreelyButWritesNeedTheCsrfToken() {
        PveTestClient client = new PveTestClient(sim).useHeaders(Map.of());
        JsonNode login = client.post("/access/ticket", "username", "root@pam", "password", sim.rootPassword()).data();
        String ticket = login.get("ticket").asText();
        String csrf = login.get("CSRFPreventionToken").asText();
        assertThat(ticket).startsWith("PVE:root@pam:");
        assertThat(login.get("username").asText()).isEqualTo("root@pam");

        client.useHeaders(Map.of("Cookie", "PVEAuthCookie=" + ticket));
        assertThat(client.get("/nodes").status()).isEqualTo(200);
        PveTestClient.Reply withoutCsrf = client.post("/nodes/pve/lxc", "vmid", "400",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        assertThat(withoutCsrf.status()).isEqualTo(401);
        assertThat(withoutCsrf.message()).isEqualTo("Permission denied - invalid csrf token\n");

        client.useHeaders(Map.of("Cookie", "PVEAuthCookie=" + ticket, "CSRFPreventionToken", csrf));
        PveTestClient.Reply created = client.post("/nodes/pve/lxc", "vmid", "400",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.data().asText()).endsWith(":vzcreate:400:root@pam:");
        assertThat(client.awaitTask(created.data().asText()).has("tokenid")).isFalse();
    }

    @Test
    void aValidTicketRenewsItselfAndExpiredTicketsAre401() {
        PveTestClient client = new PveTestClient(sim).useHeaders(Map.of());
        String ticket = client.post("/access/ticket", "username", "root@pam", "password", sim.rootPassword())
                .data().get("ticket").asText();

        PveTestClient.Reply renewed = client.post("/access/ticket", "username", "root@pam", "password", ticket);
        assertThat(renewed.status()).isEqualTo(200);

        sim.faults().expireTickets();
        client.useHeaders(Map.of("Cookie", "PVEAuthCookie=" + ticket));
        PveTestClient.Reply expired = client.get("/nodes");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.message()).isEqualTo("permission denied - invalid PVE ticket\n");
        assertThat(client.useHeaders(Map.of()).post("/access/ticket", "username", "root@pam", "password", ticket)
                .status()).isEqualTo(401);
    }

    @Test
    void forgedTicketIsRejected() {
        PveTestClient client = new PveTestClient(sim)
                .useHeaders(Map.of("Cookie", "PVEAuthCookie=PVE:root@pam:66000000::Zm9yZ2Vk"));

        assertThat(client.get("/nodes").status()).isEqualTo(401);
    }

    @Test
    void tokenCallsNeedNoCsrfAndMayUseTheSpaceForm() {
        PveTestClient client = new PveTestClient(sim)
                .useHeaders(Map.of("Authorization", "PVEAPIToken " + sim.tokenId() + "=" + sim.tokenSecret()));

        assertThat(client.get("/cluster/nextid").status()).isEqualTo(200);
        assertThat(client.post("/nodes/pve/lxc/4040/status/start").message())
                .isEqualTo("Configuration file 'nodes/pve/lxc/4040.conf' does not exist\n");
    }

    @Test
    void tokensMayNotChangeRootOnlyFeatures() {
        PveTestClient.Reply reply = new PveTestClient(sim).post("/nodes/pve/lxc", "vmid", "401",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "features", "nesting=1,keyctl=1");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.message()).isEqualTo("changing feature flags (except nesting) is only allowed for root@pam\n");
    }
}
