package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContainerLifecycleTest {

    private static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    private static PveSimulator sim;
    private static PveTestClient client;

    @BeforeAll
    static void start() {
        sim = PveSimulator.builder().seed(7L).start();
        client = new PveTestClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void createHoldsTheCreateLockUntilItsTaskEnds() {
        sim.faults().slowTask(new PveFaults.SlowTask("vzcreate", 200, 60_000, 1));
        PveTestClient.Reply created = client.post("/nodes/pve/lxc", "vmid", "200", "ostemplate", TEMPLATE,
                "hostname", "web", "rootfs", "local-lvm:8", "net0", "name=eth0,bridge=vmbr0,ip=dhcp");
        assertThat(created.status()).isEqualTo(200);
        String upid = created.data().asText();
        assertThat(upid).matches(Task.UPID.pattern()).contains(":vzcreate:200:root@pam!pxci:");

        assertThat(client.get("/nodes/pve/lxc/200/status/current").data().get("lock").asText()).isEqualTo("create");
        PveTestClient.Reply start = client.post("/nodes/pve/lxc/200/status/start");
        assertThat(start.status()).isEqualTo(500);
        assertThat(start.message()).isEqualTo("CT is locked (create)\n");
        assertThat(start.raw().headers().firstValue("Content-Type")).isPresent();

        PveTestClient.Reply interrupted = client.delete("/nodes/pve/tasks/" + PveTestClient.encode(upid));
        assertThat(interrupted.status()).isEqualTo(200);
        JsonNode status = client.awaitTask(upid);
        assertThat(status.get("exitstatus").asText()).isEqualTo("received interrupt");
        assertThat(client.get("/nodes/pve/lxc/200/config").status()).isEqualTo(500);

        client.createContainer(200, "mp0", "local-lvm:4,mp=/data,backup=1", "cpulimit", "1.5", "memory", "1024");
        JsonNode current = client.get("/nodes/pve/lxc/200/status/current").data();
        assertThat(current.has("lock")).isFalse();
        assertThat(current.get("status").asText()).isEqualTo("stopped");
        assertThat(current.get("maxmem").asLong()).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    void createdConfigLooksLikePveWritesIt() {
        client.createContainer(201, "mp0", "local-lvm:4,mp=/data,backup=1", "cpulimit", "1.5", "memory", "1024");

        JsonNode config = client.get("/nodes/pve/lxc/201/config").data();
        assertThat(config.get("rootfs").asText()).isEqualTo("local-lvm:vm-201-disk-0,size=8G");
        assertThat(config.get("mp0").asText()).isEqualTo("local-lvm:vm-201-disk-1,mp=/data,backup=1,size=4G");
        assertThat(config.get("net0").asText())
                .matches("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},ip=dhcp,type=veth");
        assertThat(config.get("unprivileged").isInt()).isTrue();
        assertThat(config.get("unprivileged").asInt()).isEqualTo(1);
        assertThat(config.get("memory").isNumber()).isTrue();
        assertThat(config.get("cpulimit").isTextual()).isTrue();
        assertThat(config.get("cpulimit").asText()).isEqualTo("1.5");
        assertThat(config.get("arch").asText()).isEqualTo("amd64");
        assertThat(config.get("ostype").asText()).isEqualTo("debian");
        assertThat(config.has("lock")).isFalse();
        assertThat(config.has("ostemplate")).isFalse();
        assertThat(config.get("digest").asText()).matches("[0-9a-f]{40}");

        JsonNode volumes = client.get("/nodes/pve/storage/local-lvm/content", "vmid", "201").data();
        assertThat(volumes.findValuesAsText("volid"))
                .containsExactlyInAnyOrder("local-lvm:vm-201-disk-0", "local-lvm:vm-201-disk-1");
    }

    @Test
    void createOnAStorageWithoutContainerSupportFailsTheTaskAndFreesTheId() {
        PveTestClient.Reply created = client.post("/nodes/pve/lxc", "vmid", "202", "ostemplate", TEMPLATE,
                "rootfs", "local:8");
        JsonNode status = client.awaitTask(created.data().asText());

        assertThat(status.get("exitstatus").asText())
                .isEqualTo("unable to create CT 202 - storage 'local' does not support container directories");
        assertThat(client.get("/nodes/pve/lxc/202/config").status()).isEqualTo(500);
        assertThat(client.get("/cluster/nextid", "vmid", "202").status()).isEqualTo(200);
    }

    @Test
    void createOfATakenIdIs500AlreadyExists() {
        client.createContainer(203);

        PveTestClient.Reply again = client.post("/nodes/pve/lxc", "vmid", "203", "ostemplate", TEMPLATE);

        assertThat(again.status()).isEqualTo(500);
        assertThat(again.message()).isEqualTo("unable to create CT 203 - CT 203 already exists on node 'pve'\n");
    }

    @Test
    void createWithAnUnknownTemplateIsRefused() {
        PveTestClient.Reply reply = client.post("/nodes/pve/lxc", "vmid", "209",
                "ostemplate", "local:vztmpl/nope.tar.zst");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.message()).isEqualTo("volume 'local:vztmpl/nope.tar.zst' does not exist\n");
    }

    @Test
    void startAndStopReportAlreadyRunningAndNotRunning() {
        client.createContainer(204);

        assertThat(client.post("/nodes/pve/lxc/204/status/stop").message()).isEqualTo("CT 204 not running\n");
        String start = client.post("/nodes/pve/lxc/204/status/start").data().asText();
        assertThat(start).contains(":vzstart:204:");
        assertThat(client.awaitTask(start).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/204/status/current").data().get("status").asText()).isEqualTo("running");

        PveTestClient.Reply again = client.post("/nodes/pve/lxc/204/status/start");
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.message()).isEqualTo("CT 204 already running\n");

        PveTestClient.Reply running = client.delete("/nodes/pve/lxc/204");
        assertThat(running.message()).isEqualTo("unable to destroy CT 204 - container is running\n");

        String shutdown = client.post("/nodes/pve/lxc/204/status/shutdown", "forceStop", "1").data().asText();
        assertThat(client.awaitTask(shutdown).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/204/status/current").data().get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void configUpdateChecksTheDigest() {
        client.createContainer(205);
        String digest = client.get("/nodes/pve/lxc/205/config").data().get("digest").asText();

        PveTestClient.Reply first = client.put("/nodes/pve/lxc/205/config", "memory", "2048", "digest", digest);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().isNull()).isTrue();

        PveTestClient.Reply stale = client.put("/nodes/pve/lxc/205/config", "memory", "4096", "digest", digest);
        assertThat(stale.status()).isEqualTo(500);
        assertThat(stale.message()).isEqualTo("detected modified configuration - file changed by other user? Try again.\n");
        JsonNode config = client.get("/nodes/pve/lxc/205/config").data();
        assertThat(config.get("memory").asInt()).isEqualTo(2048);
        assertThat(config.get("digest").asText()).isNotEqualTo(digest);
    }

    @Test
    void tagsAreStoredAsProxmoxStoresThemLowerCasedSortedAndDistinct() {
        client.createContainer(207, "tags", "Web,ci;web");

        assertThat(client.get("/nodes/pve/lxc/207/config").data().get("tags").asText()).isEqualTo("ci;web");
        client.put("/nodes/pve/lxc/207/config", "tags", "prod,Ci");
        assertThat(client.get("/nodes/pve/lxc/207/config").data().get("tags").asText()).isEqualTo("ci;prod");
    }

    @Test
    void configUpdateDeletesKeysKeepsTheMacAndRefusesReadOnlyOptions() {
        client.createContainer(206, "description", "two\nlines", "tags", "ci;web");
        JsonNode before = client.get("/nodes/pve/lxc/206/config").data();

        PveTestClient.Reply update = client.put("/nodes/pve/lxc/206/config", "delete", "description,tags",
                "net0", "name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1", "mp0", "local-lvm:2,mp=/srv");
        assertThat(update.status()).isEqualTo(200);

        JsonNode after = client.get("/nodes/pve/lxc/206/config").data();
        assertThat(after.has("description")).isFalse();
        assertThat(after.has("tags")).isFalse();
        String mac = before.get("net0").asText().replaceAll(".*hwaddr=([^,]+).*", "$1");
        assertThat(after.get("net0").asText())
                .isEqualTo("name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=" + mac + ",ip=10.0.0.5/24,type=veth");
        assertThat(after.get("mp0").asText()).isEqualTo("local-lvm:vm-206-disk-1,mp=/srv,size=2G");

        PveTestClient.Reply readOnly = client.put("/nodes/pve/lxc/206/config", "unprivileged", "0");
        assertThat(readOnly.message()).isEqualTo("unable to modify read-only option: 'unprivileged'\n");

        client.put("/nodes/pve/lxc/206/config", "delete", "mp0");
        assertThat(client.get("/nodes/pve/lxc/206/config").data().get("unused0").asText())
                .isEqualTo("local-lvm:vm-206-disk-1");
    }

    @Test
    void aSecondCloneOfTheSameSourceFailsWhileTheFirstHoldsTheDiskLock() {
        client.createContainer(210);
        sim.faults().slowTask(new PveFaults.SlowTask("vzclone", 210, 60_000, 1));

        PveTestClient.Reply first = client.post("/nodes/pve/lxc/210/clone", "newid", "211", "hostname", "copy");
        assertThat(first.status()).isEqualTo(200);
        assertThat(client.get("/nodes/pve/lxc/210/status/current").data().get("lock").asText()).isEqualTo("disk");
        assertThat(client.get("/nodes/pve/lxc/211/status/current").data().get("lock").asText()).isEqualTo("create");

        PveTestClient.Reply second = client.post("/nodes/pve/lxc/210/clone", "newid", "212");
        assertThat(second.status()).isEqualTo(500);
        assertThat(second.message()).isEqualTo("CT is locked (disk)\n");

        client.delete("/nodes/pve/tasks/" + PveTestClient.encode(first.data().asText()));
        assertThat(client.awaitTask(first.data().asText()).get("exitstatus").asText()).isEqualTo("received interrupt");
        assertThat(client.get("/nodes/pve/lxc/210/status/current").data().has("lock")).isFalse();
        assertThat(client.get("/nodes/pve/lxc/211/config").status()).isEqualTo(500);
    }

    @Test
    void cloneCopiesDisksAndNetworkWithFreshIdentities() {
        client.createContainer(213);
        String sourceNet = client.get("/nodes/pve/lxc/213/config").data().get("net0").asText();

        String upid = client.post("/nodes/pve/lxc/213/clone", "newid", "214", "hostname", "copy").data().asText();
        assertThat(upid).contains(":vzclone:213:");
        assertThat(client.awaitTask(upid).get("exitstatus").asText()).isEqualTo("OK");

        JsonNode copy = client.get("/nodes/pve/lxc/214/config").data();
        assertThat(copy.get("hostname").asText()).isEqualTo("copy");
        assertThat(copy.get("rootfs").asText()).isEqualTo("local-lvm:vm-214-disk-0,size=8G");
        assertThat(copy.get("net0").asText()).isNotEqualTo(sourceNet).startsWith("name=eth0,bridge=vmbr0,hwaddr=BC:24:11:");
        assertThat(client.get("/nodes/pve/lxc/213/status/current").data().has("lock")).isFalse();
    }

    @Test
    void templatesAreConvertedInTheBackgroundAndOnlyCloneLinked() {
        client.createContainer(220);

        PveTestClient.Reply template = client.post("/nodes/pve/lxc/220/template");
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.data().isNull()).isTrue();
        JsonNode config = awaitConfig(220, "template");
        assertThat(config.get("template").asInt()).isEqualTo(1);
        assertThat(config.get("rootfs").asText()).isEqualTo("local-lvm:base-220-disk-0,size=8G");
        JsonNode tasks = client.get("/nodes/pve/tasks", "vmid", "220", "typefilter", "vztemplate").data();
        assertThat(tasks).hasSize(1);

        PveTestClient.Reply linkedWithStorage = client.post("/nodes/pve/lxc/220/clone", "newid", "221",
                "full", "0", "storage", "local-lvm");
        assertThat(linkedWithStorage.message()).isEqualTo("parameter 'storage' not allowed for linked clones\n");

        String start = client.post("/nodes/pve/lxc/220/status/start").data().asText();
        assertThat(client.awaitTask(start).get("exitstatus").asText()).isEqualTo("you can't start a CT if it's a template");
    }

    @Test
    void snapshotsCanBeTakenListedRolledBackAndDeleted() {
        client.createContainer(230, "memory", "512");
        String taken = client.post("/nodes/pve/lxc/230/snapshot", "snapname", "before", "description", "safe").data().asText();
        assertThat(client.awaitTask(taken).get("exitstatus").asText()).isEqualTo("OK");
        client.put("/nodes/pve/lxc/230/config", "memory", "2048");

        JsonNode list = client.get("/nodes/pve/lxc/230/snapshot").data();
        assertThat(list.findValuesAsText("name")).containsExactly("before", "current");
        assertThat(list.get(1).get("parent").asText()).isEqualTo("before");
        assertThat(client.post("/nodes/pve/lxc/230/snapshot", "snapname", "before").message())
                .isEqualTo("snapshot name 'before' already used\n");

        String rollback = client.post("/nodes/pve/lxc/230/snapshot/before/rollback").data().asText();
        assertThat(client.awaitTask(rollback).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/230/config").data().get("memory").asInt()).isEqualTo(512);

        String deleted = client.delete("/nodes/pve/lxc/230/snapshot/before").data().asText();
        assertThat(client.awaitTask(deleted).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/230/snapshot").data().findValuesAsText("name")).containsExactly("current");
    }

    @Test
    void destroyHoldsTheIdUntilItsTaskEnds() {
        client.createContainer(240);
        sim.faults().slowTask(new PveFaults.SlowTask("vzdestroy", 240, 60_000, 1));

        PveTestClient.Reply destroy = client.delete("/nodes/pve/lxc/240", "purge", "1", "destroy-unreferenced-disks", "1");
        assertThat(destroy.status()).isEqualTo(200);
        assertThat(client.get("/nodes/pve/lxc/240/status/current").data().get("lock").asText()).isEqualTo("destroyed");
        assertThat(client.get("/cluster/nextid", "vmid", "240").status()).isEqualTo(400);

        client.delete("/nodes/pve/tasks/" + PveTestClient.encode(destroy.data().asText()));
        client.createContainer(241);
        String upid = client.delete("/nodes/pve/lxc/241").data().asText();
        JsonNode status = client.awaitTask(upid);
        assertThat(status.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get("/nodes/pve/lxc/241/config").status()).isEqualTo(500);
        JsonNode log = client.get("/nodes/pve/tasks/" + PveTestClient.encode(upid) + "/log").data();
        assertThat(log.findValuesAsText("t")).contains("  Logical volume \"vm-241-disk-0\" successfully removed.",
                "TASK OK");
    }

    private static JsonNode awaitConfig(int vmid, String key) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            JsonNode config = client.get("/nodes/pve/lxc/" + vmid + "/config").data();
            if (config.has(key)) {
                return config;
            }
            PveTestClient.pause();
        }
        throw new AssertionError("config of " + vmid + " never got " + key);
    }
}
