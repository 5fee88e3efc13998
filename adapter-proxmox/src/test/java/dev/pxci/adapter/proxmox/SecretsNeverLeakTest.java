package dev.pxci.adapter.proxmox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.pxci.adapter.proxmox.AuthenticationTest.CSRF_1;
import static dev.pxci.adapter.proxmox.AuthenticationTest.PASSWORD;
import static dev.pxci.adapter.proxmox.AuthenticationTest.TICKET_1;
import static dev.pxci.adapter.proxmox.AuthenticationTest.login;
import static dev.pxci.adapter.proxmox.PveServer.API;
import static dev.pxci.adapter.proxmox.PveServer.TOKEN_SECRET;
import static dev.pxci.adapter.proxmox.PveServer.data;
import static dev.pxci.adapter.proxmox.PveServer.quote;
import static dev.pxci.adapter.proxmox.PveServer.reasonOnly;
import static dev.pxci.adapter.proxmox.PveServer.upid;
import static dev.pxci.adapter.proxmox.PveServer.withMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.spi.AdapterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No token secret, password, ticket or CSRF token in any exception the adapter throws, not even
 * when the server echoes them back in its error texts.
 */
class SecretsNeverLeakTest {
    private static final List<String> SECRETS = List.of(TOKEN_SECRET, PASSWORD, TICKET_1, CSRF_1);
    private static final ContainerRef CT = new ContainerRef(101, "pve");
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
    }

    private static String everything(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            if (t instanceof PxciException p) {
                p.hint().ifPresent(h -> text.append(h).append('\n'));
            }
        }
        return text.toString();
    }

    /** Runs {@code action}, which must fail, and returns everything the failure says. */
    private static String failureOf(ContainerPlatform platform, Consumer<ContainerPlatform> action) {
        PxciException error = catchThrowableOfType(PxciException.class, () -> action.accept(platform));
        assertThat(error).as("the action must fail").isNotNull();
        return everything(error);
    }

    private static ContainerConfig minimal() {
        return new ContainerConfig("web", 1, 512, 512, new RootDisk("local-lvm", 8), List.of(), List.of(), Features.NONE, false,
                List.of(), false, Optional.empty());
    }

    @Test
    void tokenSecretIsInNoErrorEvenWhenTheServerEchoesIt() {
        List<String> failures = new ArrayList<>();
        try (ContainerPlatform platform = server.platform()) {
            server.stub(get(urlPathEqualTo(API + "/version")).willReturn(reasonOnly(401, "authentication failure")));
            failures.add(failureOf(platform, ContainerPlatform::info));

            server.stub(get(urlPathEqualTo(API + "/nodes")).willReturn(aResponse().withStatus(400)
                    .withBody("{\"data\":null,\"errors\":{\"token\":\"value '" + TOKEN_SECRET + "' is not valid\"}}")));
            failures.add(failureOf(platform, ContainerPlatform::nodes));

            server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/reboot")).willReturn(withMessage(500,
                    "bad header PVEAPIToken=root@pam!ci=" + TOKEN_SECRET)));
            failures.add(failureOf(platform, p -> p.reboot(CT)));

            String task = upid("pve", "vzstart", 101);
            server.stub(post(urlPathEqualTo(API + "/nodes/pve/lxc/101/status/start")).willReturn(data(quote(task))));
            server.stub(get(urlPathMatching(API + "/nodes/pve/tasks/[^/]+/status")).willReturn(data(
                    "{\"status\":\"stopped\",\"exitstatus\":\"failed with secret " + TOKEN_SECRET + "\"}")));
            server.stub(get(urlPathMatching(API + "/nodes/pve/tasks/[^/]+/log")).willReturn(data(
                    "[{\"n\":1,\"t\":\"env PVE_TOKEN=" + TOKEN_SECRET + "\"}]")));
            failures.add(failureOf(platform, p -> p.start(CT)));

            server.stub(get(urlPathEqualTo(API + "/cluster/resources")).willReturn(
                    aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            failures.add(failureOf(platform, p -> p.observe(java.util.Set.of(101))));
        }
        Map<String, String> wrongPin = server.tokenSettings();
        wrongPin.put("proxmox.fingerprint", "00".repeat(32));
        try (ContainerPlatform pinned = server.platform(wrongPin, Map.of("proxmox.secret", Secret.of(TOKEN_SECRET)),
                PveServer.FAST)) {
            failures.add(failureOf(pinned, ContainerPlatform::info));
        }
        Map<String, String> badToken = server.tokenSettings();
        badToken.put("proxmox.token", "not a token");
        failures.add(everything(catchThrowableOfType(PxciException.class, () -> new ProxmoxPlatformFactory().create(
                new AdapterConfig(badToken, Map.of("proxmox.secret", Secret.of(TOKEN_SECRET)))))));

        assertThat(failures).hasSize(7).allSatisfy(text -> assertThat(text).doesNotContain(SECRETS));
        assertThat(failures.get(1)).contains("value '***' is not valid");
        assertThat(failures.get(2)).contains("bad header PVEAPIToken=root@pam!ci=***");
        assertThat(failures.get(3)).contains("failed with secret ***").contains("env PVE_TOKEN=***");
    }

    @Test
    void passwordTicketAndCsrfTokenAreInNoErrorEvenWhenTheServerEchoesThem() {
        List<String> failures = new ArrayList<>();
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(reasonOnly(401, "authentication failure")));
        try (ContainerPlatform platform = AuthenticationTest.ticketPlatform(server, PveServer.FAST)) {
            failures.add(failureOf(platform, ContainerPlatform::info));
        }
        server.reset();
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(data(login(TICKET_1, CSRF_1))));
        server.stub(get(urlPathEqualTo(API + "/version")).willReturn(withMessage(401,
                "permission denied - invalid PVE ticket " + TICKET_1)));
        server.stub(get(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(data(
                "{\"hostname\":\"ci\",\"rootfs\":\"local-lvm:vm-101-disk-0,size=8G\",\"digest\":\"d1\"}")));
        server.stub(put(urlPathEqualTo(API + "/nodes/pve/lxc/101/config")).willReturn(withMessage(403,
                "Permission check failed (CSRF " + CSRF_1 + ", password " + PASSWORD + ")")));
        try (ContainerPlatform platform = AuthenticationTest.ticketPlatform(server, PveServer.FAST)) {
            failures.add(failureOf(platform, ContainerPlatform::info));
            failures.add(failureOf(platform, p -> p.reconfigure(CT, minimal(), "d1")));
        }
        assertThat(failures).hasSize(3).allSatisfy(text -> assertThat(text).doesNotContain(SECRETS));
        assertThat(failures.get(1)).contains("invalid PVE ticket ***");
        assertThat(failures.get(2)).contains("CSRF ***, password ***");
    }

    @Test
    void aTicketThatStartsWithThePasswordLeavesNoPartOfItInAnError() {
        String ticket = PASSWORD + "ticketTail";
        server.stub(post(urlPathEqualTo(API + "/access/ticket")).willReturn(data(login(ticket, CSRF_1))));
        server.stub(get(urlPathEqualTo(API + "/version")).willReturn(withMessage(401, "invalid PVE ticket " + ticket)));
        String failure;
        try (ContainerPlatform platform = AuthenticationTest.ticketPlatform(server, PveServer.FAST)) {
            failure = failureOf(platform, ContainerPlatform::info);
        }
        assertThat(failure).contains("invalid PVE ticket ***").doesNotContain("ticketTail", PASSWORD);
    }
}
