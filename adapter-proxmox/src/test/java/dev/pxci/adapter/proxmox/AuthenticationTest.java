package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.reasonOnly;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pxci.adapter.proxmox.internal.Tuning;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ticket login, CSRF on writes, renewal before expiry, and exactly one re-login when a ticket is rejected. */
class AuthenticationTest {
    static final String PASSWORD = "s3cret-Passw0rd!";
    static final String TICKET_1 = "PVE:root@pam:65A1B2C3::ticketOneSignature+/=";
    static final String TICKET_2 = "PVE:root@pam:65A1C0D0::ticketTwoSignature+/=";
    static final String CSRF_1 = "65A1B2C3:csrfOneToken";
    static final String CSRF_2 = "65A1C0D0:csrfTwoToken";
    private static PveServer server;

    @BeforeAll
    static void startServer() {
        server = new PveServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        server.version("abc");
    }

    static ContainerPlatform ticketPlatform(PveServer server, Tuning tuning) {
        Map<String, String> values = server.tokenSettings();
        values.remove("proxmox.token");
        values.put("proxmox.user", "root@pam");
        return server.platform(values, Map.of("proxmox.password", Secret.of(PASSWORD)), tuning);
    }

    static String login(String ticket, String csrf) {
        return "{\"username\":\"root@pam\",\"ticket\":\"" + ticket + "\",\"CSRFPreventionToken\":\"" + csrf
                + "\",\"clustername\":\"lab\",\"cap\":{}}";
    }

    static String cookie(String ticket) {
        return "PVEAuthCookie=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    }

    private static List<LoggedRequest> logins() {
        return server.requests().stream().filter(r -> r.getUrl().equals(API + "/access/ticket")).toList();
    }

    @Test
    void ticketGoesInTheCookieAndCsrfOnlyOnWrites() {
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(data(login(TICKET_1, CSRF_1))));
        String task = upid("pve", "vzstart", 101);
        server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/start")).willReturn(data(quote(task))));
        server.tasksOk("pve");
        try (ContainerPlatform platform = ticketPlatform(server, PveServer.FAST)) {
            platform.info();
            platform.start(new ContainerRef(101, "pve"));
        }
        assertThat(logins()).hasSize(1);
        assertThat(PveServer.form(logins().get(0))).containsExactly(entry("username", "root@pam"), entry("password", PASSWORD));
        LoggedRequest read = server.only("GET", "/version");
        assertThat(read.getHeader("Cookie")).isEqualTo(cookie(TICKET_1));
        assertThat(read.containsHeader("CSRFPreventionToken")).isFalse();
        assertThat(read.containsHeader("Authorization")).isFalse();
        LoggedRequest write = server.only("POST", "/nodes/pve/lxc/101/status/start");
        assertThat(write.getHeader("Cookie")).isEqualTo(cookie(TICKET_1));
        assertThat(write.getHeader("CSRFPreventionToken")).isEqualTo(CSRF_1);
    }

    @Test
    void ticketExpiringMidRunLeadsToExactlyOneReLogin() {
        String scenario = "expiry";
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willSetStateTo("first-issued").willReturn(data(login(TICKET_1, CSRF_1))));
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).inScenario(scenario).whenScenarioStateIs("first-issued")
                .willReturn(data(login(TICKET_2, CSRF_2))));
        server.stub(get(urlPathEqualTo(API + "/nodes")).withHeader("Cookie", containing("ticketOne"))
                .willReturn(reasonOnly(401, "permission denied - invalid PVE ticket")));
        server.stub(get(urlPathEqualTo(API + "/nodes")).withHeader("Cookie", containing("ticketTwo"))
                .willReturn(data("[{\"node\":\"pve\",\"status\":\"online\",\"maxmem\":100,\"mem\":40,\"maxcpu\":2}]")));
        try (ContainerPlatform platform = ticketPlatform(server, PveServer.FAST)) {
            assertThat(platform.info().version()).isEqualTo("9.1");
            assertThat(platform.nodes()).hasSize(1);
            assertThat(platform.nodes()).hasSize(1);
        }
        assertThat(logins()).hasSize(2);
        assertThat(server.calls()).containsExactly("POST /access/ticket", "GET /version", "GET /nodes", "POST /access/ticket",
                "GET /nodes", "GET /nodes");
    }

    @Test
    void ticketRejectedAgainAfterTheReLoginFailsUnauthorizedWithoutLooping() {
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(data(login(TICKET_1, CSRF_1))));
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(reasonOnly(401, "permission denied - invalid PVE ticket")));
        try (ContainerPlatform platform = ticketPlatform(server, PveServer.FAST)) {
            assertThatThrownBy(platform::nodes)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("invalid PVE ticket");
                        assertThat(e.hint()).get().asString().contains("proxmox.password");
                    });
        }
        assertThat(logins()).hasSize(2);
        assertThat(server.calls()).filteredOn("GET /nodes"::equals).hasSize(2);
    }

    @Test
    void ticketOlderThanTheRenewalAgeIsRenewedWithItselfAsPassword() {
        String scenario = "renewal";
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willSetStateTo("issued").willReturn(data(login(TICKET_1, CSRF_1))));
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).inScenario(scenario).whenScenarioStateIs("issued")
                .willReturn(data(login(TICKET_2, CSRF_2))));
        server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(data("[]")));
        Tuning renewAtOnce = new Tuning(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(5),
                4, Duration.ofSeconds(1), Duration.ZERO, 5, 8);
        try (ContainerPlatform platform = ticketPlatform(server, renewAtOnce)) {
            platform.info();
            platform.nodes();
        }
        assertThat(logins()).hasSize(2);
        assertThat(PveServer.form(logins().get(1))).containsExactly(entry("username", "root@pam"), entry("password", TICKET_1));
        assertThat(server.only("GET", "/nodes").getHeader("Cookie")).isEqualTo(cookie(TICKET_2));
    }

    @Test
    void wrongPasswordFailsUnauthorized() {
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(reasonOnly(401, "authentication failure")));
        try (ContainerPlatform platform = ticketPlatform(server, PveServer.FAST)) {
            assertThatThrownBy(platform::info)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("POST /access/ticket").contains("authentication failure");
                    });
        }
        assertThat(logins()).hasSize(1);
    }

    @Test
    void loginAskingForASecondFactorIsUnsupported() {
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(data(
                "{\"username\":\"root@pam\",\"ticket\":\"PVE:!tfa!challenge\",\"CSRFPreventionToken\":\"x\",\"NeedTFA\":1}")));
        try (ContainerPlatform platform = ticketPlatform(server, PveServer.FAST)) {
            assertThatThrownBy(platform::info)
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                        assertThat(e.hint()).get().asString().contains("API token");
                    });
        }
    }
}
