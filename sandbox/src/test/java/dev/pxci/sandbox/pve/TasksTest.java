package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TasksTest {

    private static PveSimulator sim;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().seed(3L).start();
        client = new PveTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void taskStatusNamesTheTokenAndEndsOk() {
        String upid = client.createContainer(300);

        JsonNode status = client.awaitTask(upid);

        assertThat(upid).endsWith(":vzcreate:300:root@pam!pxci:");
        assertThat(status.get("status").asText()).isEqualTo("stopped");
        assertThat(status.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(status.get("user").asText()).isEqualTo("root@pam");
        assertThat(status.get("tokenid").asText()).isEqualTo("pxci");
        assertThat(status.get("type").asText()).isEqualTo("vzcreate");
        assertThat(status.get("id").asText()).isEqualTo("300");
        assertThat(status.get("node").asText()).isEqualTo("pve");
        assertThat(status.get("upid").asText()).isEqualTo(upid);
        assertThat(status.get("starttime").isNumber()).isTrue();
    }

    @Test
    void runningTaskHasNoExitStatusYet() {
        client.createContainer(301);
        sim.faults().slowTask(new PveFaults.SlowTask("vzstart", 301, 60_000, 1));
        String upid = client.post("/nodes/pve/lxc/301/status/start").data().asText();

        JsonNode status = client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/status").data();

        assertThat(status.get("status").asText()).isEqualTo("running");
        assertThat(status.has("exitstatus")).isFalse();
        JsonNode active = client.get("/nodes/pve/tasks", "source", "active").data();
        assertThat(active.findValuesAsText("upid")).contains(upid);
        JsonNode archive = client.get("/nodes/pve/tasks", "vmid", "301").data();
        assertThat(archive.findValuesAsText("upid")).doesNotContain(upid);
        client.delete("/nodes/pve/tasks/" + PveTestClient.encode(upid));
    }

    @Test
    void warningsEndAsWarningsWithWarnLines() {
        sim.faults().taskFault(PveFaults.TaskFault.warning("vzcreate", 302,
                List.of("Systemd 255 detected. You may need to enable nesting.")));
        String upid = client.post("/nodes/pve/lxc", "vmid", "302",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4")
                .data().asText();

        JsonNode status = client.awaitTask(upid);

        assertThat(status.get("exitstatus").asText()).isEqualTo("WARNINGS: 1");
        List<String> log = client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/log").data().findValuesAsText("t");
        assertThat(log).endsWith("WARN: Systemd 255 detected. You may need to enable nesting.", "TASK WARNINGS: 1");
        assertThat(client.get("/nodes/pve/lxc/302/status/current").status()).isEqualTo(200);
    }

    @Test
    void failedTaskEndsWithItsErrorLeavesItsLogAndUndoesTheOperation() {
        sim.faults().taskFault(PveFaults.TaskFault.failing("vzcreate", 303, "unable to create CT 303 - disk full",
                List.of("  Volume group \"pve\" has insufficient free space")));
        String upid = client.post("/nodes/pve/lxc", "vmid", "303",
                "ostemplate", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "rootfs", "local-lvm:4")
                .data().asText();

        JsonNode status = client.awaitTask(upid);

        assertThat(status.get("exitstatus").asText()).isEqualTo("unable to create CT 303 - disk full");
        List<String> log = client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/log").data().findValuesAsText("t");
        assertThat(log).endsWith("  Volume group \"pve\" has insufficient free space",
                "TASK ERROR: unable to create CT 303 - disk full");
        assertThat(client.get("/nodes/pve/lxc/303/config").status()).isEqualTo(500);
        JsonNode errors = client.get("/nodes/pve/tasks", "errors", "1", "vmid", "303").data();
        assertThat(errors.findValuesAsText("upid")).containsExactly(upid);
        assertThat(errors.get(0).get("status").asText()).isEqualTo("unable to create CT 303 - disk full");
    }

    @Test
    void logPagesWithStartAndLimitAndCountsFromOne() {
        String upid = client.createContainer(304, "mp0", "local-lvm:1,mp=/a", "mp1", "local-lvm:1,mp=/b");
        String path = "/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/log";

        PveTestClient.Reply all = client.get(path, "limit", "0");
        int total = all.body().get("total").asInt();
        assertThat(all.data()).hasSize(total);
        assertThat(all.data().get(0).get("n").asInt()).isEqualTo(1);
        assertThat(all.data().get(0).get("t").asText()).startsWith("extracting archive '/var/lib/vz/template/cache/");

        PveTestClient.Reply page = client.get(path, "start", "2", "limit", "2");
        assertThat(page.data()).hasSize(2);
        assertThat(page.data().get(0).get("n").asInt()).isEqualTo(3);
        assertThat(page.body().get("total").asInt()).isEqualTo(total);
    }

    @Test
    void unknownAndMalformedUpidsAre400() {
        String unknown = "UPID:pve:0000AAAA:00000001:65000000:vzstart:999:root@pam:";
        PveTestClient.Reply missing = client.get("/nodes/pve/tasks/" + PveTestClient.encode(unknown) + "/status");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("errors").get("upid").asText()).isEqualTo("no such task");

        PveTestClient.Reply malformed = client.get("/nodes/pve/tasks/not-a-upid/status");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("errors").get("upid").asText()).startsWith("unable to parse worker upid");
    }

    @Test
    void rawUpidInThePathWorksLikeProxmoxerSendsIt() {
        String upid = client.createContainer(305);

        PveTestClient.Reply raw = client.get("/nodes/pve/tasks/" + upid.replace("!", "%21") + "/status");

        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.data().get("upid").asText()).isEqualTo(upid);
    }

    @Test
    void taskListFiltersByTypeAndPagesWithTotal() {
        client.createContainer(306);
        String start = client.post("/nodes/pve/lxc/306/status/start").data().asText();
        client.awaitTask(start);

        PveTestClient.Reply starts = client.get("/nodes/pve/tasks", "vmid", "306", "typefilter", "vzstart");
        assertThat(starts.data().findValuesAsText("upid")).containsExactly(start);
        assertThat(starts.data().get(0).get("status").asText()).isEqualTo("OK");
        assertThat(starts.data().get(0).get("user").asText()).isEqualTo("root@pam!pxci");

        PveTestClient.Reply page = client.get("/nodes/pve/tasks", "vmid", "306", "limit", "1");
        assertThat(page.data()).hasSize(1);
        assertThat(page.body().get("total").asInt()).isEqualTo(2);
        assertThat(page.data().get(0).get("upid").asText()).isEqualTo(start);
    }
}
