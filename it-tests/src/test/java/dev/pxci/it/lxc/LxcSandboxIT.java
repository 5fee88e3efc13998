package dev.pxci.it.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.adapter.shell.SshShellFactory;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.shell.ShellTarget;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.sandbox.lxc.LxcRuntime;
import dev.pxci.sandbox.lxc.SandboxNetwork;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/lxc} applied for real to the LXC sandbox with the README's command (every stage,
 * {@code --configurator ansible}): two real containers on the isolated bridge, judged from the
 * host (lxc-info, lxc-attach) and over SSH as the service user (the ssh transport, host keys
 * checked against the sandbox's known_hosts); a second apply that changes nothing; a
 * destroy that keeps the share's file for the next apply; a purge; and nothing left behind.
 */
class LxcSandboxIT {
    private static final int CI = 9101;
    private static final int WEB = 9102;

    private LxcHost host;

    @BeforeEach
    void aFreshSandbox() throws IOException {
        host = LxcHost.open();
    }

    @AfterEach
    void removeEverything() throws IOException {
        host.close();
        assertThat(host.state).doesNotExist();
    }

    @Test
    void theExampleRunsForRealKeepsItsShareAcrossDestroyAndLeavesNothingBehind() throws Exception {
        // the README's command: every stage, the configurator Ansible
        long cold = System.nanoTime();
        LxcHost.Run first = host.pxci("apply", "--config", "examples/lxc", "--configurator", "ansible");
        double whole = (System.nanoTime() - cold) / 1e9;
        assertThat(first.exitCode()).as(first.all()).isZero();
        for (String label : new String[] {CI + " pxci-ci", WEB + " pxci-web"}) {
            for (String stage : new String[] {"provision", "bootstrap", "configure", "share"}) {
                assertThat(first.stdout()).as(first.all()).contains("< " + stage + " " + label + ": changed");
            }
            assertThat(first.stdout()).contains("< verify " + label + ": unchanged, all evidence collected");
        }
        assertThat(first.stdout()).doesNotContain(": skipped,").contains("apply succeeded: 10 changed, 2 unchanged, 0 skipped");
        for (int vmid : new int[] {CI, WEB}) {
            assertThat(host.info(vmid)).as("lxc-info of %d", vmid).containsEntry("State", "RUNNING");
        }
        String ciInit = host.info(CI).get("PID");
        String webInit = host.info(WEB).get("PID");

        String ciMachineId;
        try (Shell config = ssh().openWhenReady(new ShellTarget("10.99.0.11", 22, "config"), Duration.ofSeconds(60))) {
            CommandResult who = config.execute(Command.of("/bin/sh", "-c",
                    "hostname; cat /etc/machine-id; grep -c '^127.0.1.1 pxci-ci$' /etc/hosts; ip -4 -o addr show eth0;"
                            + " ls -d /share /opt/pxci-standin/jre/bin/java;"
                            + " sudo -n sh -c 'echo kept-by-the-holder > /share/proof.txt'"));
            assertThat(who.exitCode()).as(who.stderr()).isZero();
            assertThat(who.stdout()).startsWith("pxci-ci\n").contains("\n1\n").contains("inet 10.99.0.11/24")
                    .contains("/share\n").contains("/opt/pxci-standin/jre/bin/java");
            ciMachineId = who.stdout().lines().skip(1).findFirst().orElseThrow();
            System.out.printf("LXC figures: cold apply of examples/lxc, every stage, %.1f s (%s); memory %s and %s bytes%n",
                    whole, first.stdout().lines().filter(l -> l.startsWith("< provision " + CI)).findFirst().orElse(""),
                    host.info(CI).get("Memory use"), host.info(WEB).get("Memory use"));
        }
        assertThat(host.attach(WEB, "cat /etc/machine-id").strip()).matches("[0-9a-f]{32}").isNotEqualTo(ciMachineId);
        assertThat(host.attach(WEB, "cat /etc/ssh/ssh_host_ed25519_key.pub"))
                .isNotEqualTo(host.attach(CI, "cat /etc/ssh/ssh_host_ed25519_key.pub"));
        String units = "systemctl is-active gitea act_runner smbd";
        assertThat(host.attach(CI, units)).isEqualTo("active\nactive\nactive\n");

        long secondStart = System.nanoTime();
        LxcHost.Run second = host.pxci("apply", "--config", "examples/lxc", "--configurator", "ansible");
        System.out.printf("LXC figures: second apply of examples/lxc %.1f s%n", (System.nanoTime() - secondStart) / 1e9);
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.stdout()).as(second.all()).contains("apply succeeded: 0 changed, 12 unchanged");
        assertThat(host.info(CI)).as("not restarted").containsEntry("State", "RUNNING").containsEntry("PID", ciInit);
        assertThat(host.info(WEB)).as("not restarted").containsEntry("State", "RUNNING").containsEntry("PID", webInit);
        assertThat(host.attach(CI, units)).isEqualTo("active\nactive\nactive\n");

        LxcHost.Run destroy = host.pxci("destroy", "--yes", "--config", "examples/lxc");
        assertThat(destroy.exitCode()).as(destroy.all()).isZero();
        assertThat(Files.exists(host.lxcPath().resolve(Integer.toString(CI)))).isFalse();
        assertThat(host.volumeFiles()).anySatisfy(file -> assertThat(file).hasFileName("proof.txt")
                .hasContent("kept-by-the-holder"));

        LxcHost.Run again = host.pxci("apply", "--config", "examples/lxc", "--stage", "provision");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(host.info(CI)).containsEntry("State", "RUNNING");
        try (Shell root = ssh().openWhenReady(new ShellTarget("10.99.0.11", 22, "root"), Duration.ofSeconds(60))) {
            CommandResult proof = root.execute(Command.of("cat", "/share/proof.txt"));
            assertThat(proof.stdout()).isEqualTo("kept-by-the-holder\n");
        }

        LxcHost.Run purge = host.pxci("destroy", "--yes", "--purge-shares", "--config", "examples/lxc");
        assertThat(purge.exitCode()).as(purge.all()).isZero();
        assertThat(host.volumeFiles()).noneSatisfy(file -> assertThat(file).hasFileName("proof.txt"));
        try (var containers = Files.list(host.lxcPath())) {
            assertThat(containers.filter(Files::isDirectory)).isEmpty();
        }
        Path bridge = Path.of("/sys/class/net", SandboxNetwork.BRIDGE);
        if (Files.exists(bridge)) {
            try (var ports = Files.list(bridge.resolve("brif"))) {
                assertThat(ports).as("the bridge stays only while another sandbox's containers use it").isNotEmpty();
            }
        }
    }

    /** The ssh transport as a pxci run makes it: the sandbox's CI key, host keys from the sandbox's known_hosts. */
    private ShellConnector ssh() {
        return new SshShellFactory().create(new AdapterConfig(Map.of("ssh.private-key",
                host.state.resolve("ci_ed25519").toString(), "ssh.known-hosts",
                host.lxcPath().resolve("known_hosts").toString()), Map.of()));
    }

    @Test
    void containersReachTheSandboxApiAndDebiansMirrorOnTheBridgeAndNothingElseAndTakeNewLimitsLive() throws Exception {
        LxcHost.Run apply = host.pxci("apply", "--config", "examples/lxc", "--stage", "provision");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        try (LxcRuntime runtime = LxcRuntime.open(host.state, Optional.empty(), line -> { });
             PveSimulator pve = PveSimulator.builder().stateDirectory(host.state.resolve("pve")).runtime(runtime)
                     .alsoListenOn(runtime.hostAddress()).start()) {
            String api = host.attach(WEB, "for i in 1 2 3 4 5 6 7 8 9 10; do ip -4 route | grep -q 10.99.0.0/24 && break;"
                    + " sleep 0.5; done; python3 -c \"import ssl, urllib.request, urllib.error\n"
                    + "try: urllib.request.urlopen('https://" + SandboxNetwork.HOST_ADDRESS + ":" + pve.port()
                    + "/api2/json/version', context=ssl._create_unverified_context())\n"
                    + "except urllib.error.HTTPError as e: print(e.code, e.reason)\"");
            assertThat(api.strip()).as("the API answers from the bridge, and wants a ticket").isEqualTo("401 No ticket");

            HttpClient client = HttpClient.newBuilder().sslContext(pve.certificate().clientContextTrustingOnlyThis()).build();
            HttpResponse<String> content = client.send(HttpRequest.newBuilder(URI.create(pve.baseUrl()
                    + "/api2/json/nodes/pve/storage/local/content?content=vztmpl"))
                    .header("Authorization", "PVEAPIToken=" + pve.tokenId() + "=" + pve.tokenSecret()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long archive = runtime.templateBytes("local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst").orElseThrow();
            assertThat(archive).as("a real archive, not the stock record's size").isGreaterThan(50_000_000L)
                    .isNotEqualTo(126_505_385L);
            assertThat(content.body()).as("the template listed is the file the containers are made from")
                    .contains("\"volid\":\"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst\"")
                    .contains("\"size\":" + archive);
        }

        Path resized = Files.createDirectories(host.state.resolve("resized"));
        for (String file : new String[] {"defaults.env", "ci.env", "web.env"}) {
            Files.writeString(resized.resolve(file), Files.readString(host.workingDirectory.resolve("examples/lxc/" + file))
                    .replace("MEMORY=512", "MEMORY=768"));
        }
        String init = host.info(WEB).get("PID");
        LxcHost.Run resize = host.pxci("apply", "--config", resized.toString(), "--stage", "provision");
        assertThat(resize.exitCode()).as(resize.all()).isZero();
        assertThat(LxcHost.host("lxc-cgroup", "-P", host.lxcPath().toString(), "-n", Integer.toString(WEB),
                "memory.limit_in_bytes").strip()).isEqualTo(Long.toString(768L << 20));
        assertThat(host.info(WEB)).as("changed in place").containsEntry("PID", init);

        String apt = host.attach(WEB, "apt-get update >/dev/null 2>&1 && echo updated; python3 -c \"import urllib.request\n"
                + "proxy = urllib.request.ProxyHandler({'http': 'http://10.99.0.1:3142'})\n"
                + "try: urllib.request.build_opener(proxy).open('http://example.org/')\n"
                + "except Exception as e: print('refused', e.code)\"; ip -4 route");
        assertThat(apt).contains("updated").contains("refused 403").doesNotContain("default");
    }

    @Test
    void anAddressOutsideTheSubnetIsRefusedBeforeAnythingChanges() throws IOException {
        Path config = Files.createDirectories(host.state.resolve("config"));
        Files.writeString(config.resolve("outside.env"), "ID=9191\nHOSTNAME=outside\nIP=192.168.7.10/24\n");

        LxcHost.Run run = host.pxci("apply", "--config", config.toString(), "--stage", "provision");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains("outside.env:3").contains("IP").contains("10.99.0.0/24")
                .contains("pxcibr0");
        assertThat(run.stderr().lines().filter(line -> line.startsWith("pxci: error:"))).hasSize(1);
        assertThat(host.state.resolve("pve")).doesNotExist();
        assertThat(host.lxcPath()).doesNotExist();
    }
}
