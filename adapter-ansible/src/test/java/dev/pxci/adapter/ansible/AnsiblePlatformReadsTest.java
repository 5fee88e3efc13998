package dev.pxci.adapter.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerRef;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.DestroyOptions;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.NodeInfo;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PlatformInfo;
import dev.pxci.ports.platform.PowerState;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.ports.platform.StartupOrder;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's reads, and the refusals it decides before changing anything, against recorded
 * Proxmox VE answers over real HTTPS; every read is a real ansible-playbook run.
 */
class AnsiblePlatformReadsTest {
    private static final DestroyOptions KEEP_SHARES =
            DestroyOptions.keepingVolumes(Duration.ofSeconds(60), "debian-12-standard_12.7-1_amd64.tar.zst");
    private static final String SECRET = "5b0c1d5e-token-secret";

    @TempDir
    static Path dir;
    static RecordedPveApi pve;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        pve = new RecordedPveApi(dir)
                .answer("/version", "{\"version\":\"9.1.3\",\"release\":\"9.1\",\"repoid\":\"pxci-sandbox\",\"container-processes\":0}")
                .answer("/nodes", "[{\"node\":\"pve2\",\"status\":\"online\",\"maxmem\":8000,\"mem\":3000,\"maxcpu\":4},"
                        + "{\"node\":\"pve1\",\"status\":\"offline\"}]")
                .answer("/cluster/resources?type=vm", """
                        [{"id":"qemu/100","type":"qemu","vmid":100,"node":"pve1","status":"running"},
                         {"id":"lxc/101","type":"lxc","vmid":101,"node":"pve2","status":"running","name":"ci","maxcpu":2},
                         {"id":"lxc/102","type":"lxc","vmid":102,"node":"pve2","status":"stopped","name":"other"},
                         {"id":"lxc/103","type":"lxc","vmid":103,"node":"pve2","status":"stopped","name":"shares"}]""")
                .answer("/nodes/pve2/lxc/101/config", """
                        {"hostname":"ci","cores":2,"memory":1024,"swap":512,"rootfs":"local-lvm:vm-101-disk-0,size=8G",
                         "net0":"name=eth0,bridge=vmbr0,hwaddr=BC:24:11:AA:BB:CC,ip=dhcp,type=veth","features":"nesting=1",
                         "unprivileged":1,"tags":"pxci","digest":"d1g3st","lock":"backup"}""")
                .answer("/nodes/pve2/lxc/101/pending", "[{\"key\":\"memory\",\"value\":1024,\"pending\":2048}]")
                .answer("/nodes/pve2/lxc/103/config", """
                        {"hostname":"shares","rootfs":"local-lvm:vm-103-disk-0,size=8G",
                         "mp0":"local-lvm:vm-103-disk-1,mp=/share,size=32G","unprivileged":1,"digest":"x"}""")
                .answer("/nodes/pve2/storage?content=vztmpl", "[{\"storage\":\"local\",\"active\":1,\"enabled\":1},"
                        + "{\"storage\":\"nfs\",\"active\":0,\"enabled\":1}]")
                .answer("/nodes/pve2/storage/local/content?content=vztmpl",
                        "[{\"volid\":\"local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst\"},"
                                + "{\"volid\":\"local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz\"}]")
                .answer("/nodes/pve2/storage", "[{\"storage\":\"local\",\"content\":\"backup,iso,vztmpl\"},"
                        + "{\"storage\":\"local-lvm\",\"content\":\"images,rootdir\"}]")
                .answer("/cluster/nextid", "\"105\"");
    }

    @AfterAll
    static void stop() {
        pve.close();
    }

    @Test
    void infoTellsContainersThatRunNoProcessesByTheVersionAnswer() {
        try (ContainerPlatform platform = platform(Map.of())) {
            PlatformInfo info = platform.info();

            assertThat(info.product()).isEqualTo("Proxmox VE");
            assertThat(info.version()).isEqualTo("9.1");
            assertThat(info.runsContainerProcesses()).isFalse();
            assertThat(info.warnings()).isEmpty();
        }
        assertThat(pve.authorizations).contains("PVEAPIToken=root@pam!pxci=" + SECRET);
        assertThat(String.join("\n", lines)).doesNotContain(SECRET).contains("TASK [GET]");
    }

    @Test
    void observeReadsTheListingOnceThenConfigAndPendingOfEachRequestedContainer() {
        Map<Integer, ObservedContainer> observed;
        try (ContainerPlatform platform = platform(Map.of())) {
            observed = platform.observe(Set.of(101, 100, 404));
        }

        assertThat(observed).containsOnlyKeys(101);
        ObservedContainer ct = observed.get(101);
        assertThat(ct.ref()).isEqualTo(new ContainerRef(101, "pve2"));
        assertThat(ct.power()).isEqualTo(PowerState.RUNNING);
        assertThat(ct.lock()).contains("backup");
        assertThat(ct.revision()).isEqualTo("d1g3st");
        assertThat(ct.restartPending()).isTrue();
        assertThat(ct.config().hostname()).isEqualTo("ci");
        assertThat(ct.config().memoryMiB()).isEqualTo(1024);
        assertThat(ct.config().rootDisk()).isEqualTo(new RootDisk("local-lvm", 8));
        assertThat(ct.config().networks()).singleElement().satisfies(n -> assertThat(n.ipv4()).isEqualTo("dhcp"));
        assertThat(ct.config().features().nesting()).isTrue();
        assertThat(ct.config().tags()).containsExactly("pxci");
        assertThat(pve.requests).doesNotContain("GET /nodes/pve2/lxc/102/config", "GET /nodes/pve1/lxc/100/config");
    }

    @Test
    void nodesAndTemplatesAreRead() {
        try (ContainerPlatform platform = platform(Map.of())) {
            assertThat(platform.nodes()).containsExactly(new NodeInfo("pve1", false, 0, 0), new NodeInfo("pve2", true, 5000, 4));
            assertThat(platform.templates("pve2")).containsExactly("local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz",
                    "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst");
        }
        assertThat(pve.requests).doesNotContain("GET /nodes/pve2/storage/nfs/content?content=vztmpl");
    }

    @Test
    void aRejectedTokenIsUnauthorizedAndTheMessageHoldsNoSecret() throws Exception {
        try (RecordedPveApi refusing = new RecordedPveApi(java.nio.file.Files.createDirectories(dir.resolve("refusing")))
                .fail("/version", 401, "authentication failure")) {
            ContainerPlatform platform = platform(refusing, Map.of());

            assertThatThrownBy(platform::info)
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> {
                        PxciException p = (PxciException) e;
                        assertThat(p.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                        assertThat(p.getMessage()).contains("401").contains("authentication failure").doesNotContain(SECRET);
                        assertThat(p.hint()).hasValueSatisfying(h -> assertThat(h).contains("root@pam!pxci"));
                    });
            platform.close();
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedUnlessVerificationIsTurnedOffLoudly() {
        Map<String, String> noCa = new HashMap<>(Map.of("proxmox.url", pve.url(), "proxmox.token", "root@pam!pxci"));
        try (ContainerPlatform platform = new AnsiblePlatformFactory().create(new AdapterConfig(noCa,
                Map.of("proxmox.secret", Secret.of(SECRET))))) {
            assertThatThrownBy(platform::info)
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).hint()).hasValueSatisfying(h -> assertThat(h)
                            .contains("proxmox.ca-file")));
        }
        noCa.put("proxmox.insecure", "true");
        try (ContainerPlatform platform = new AnsiblePlatformFactory().create(new AdapterConfig(noCa,
                Map.of("proxmox.secret", Secret.of(SECRET))))) {
            assertThat(platform.info().warnings()).singleElement().asString().contains("verification is OFF");
        }
    }

    @Test
    void aPinnedFingerprintTrustsExactlyThatCertificate() throws Exception {
        String pin;
        try (var in = java.nio.file.Files.newInputStream(pve.caFile)) {
            var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            pin = java.util.HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        }
        Map<String, String> pinned = new HashMap<>(Map.of("proxmox.url", pve.url(), "proxmox.token", "root@pam!pxci",
                "proxmox.fingerprint", pin));
        try (ContainerPlatform platform = new AnsiblePlatformFactory().create(new AdapterConfig(pinned,
                Map.of("proxmox.secret", Secret.of(SECRET))))) {
            assertThat(platform.info().version()).isEqualTo("9.1");
        }
        String other = (pin.startsWith("AA") ? "BB" : "AA") + pin.substring(2);
        pinned.put("proxmox.fingerprint", other);
        try (ContainerPlatform platform = new AnsiblePlatformFactory().create(new AdapterConfig(pinned,
                Map.of("proxmox.secret", Secret.of(SECRET))))) {
            assertThatThrownBy(platform::info)
                    .isInstanceOf(PxciException.class)
                    .hasMessageContaining("not the pinned " + other)
                    .hasMessageContaining("fingerprint " + pin);
        }
    }

    @Test
    void destroyRefusesToLoseVolumesThatAreToBeKeptBeforeRunningAnything() {
        try (ContainerPlatform platform = platform(Map.of())) {
            assertThatThrownBy(() -> platform.destroy(new ContainerRef(103, "pve2"), KEEP_SHARES))
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("mp0 (local-lvm:vm-103-disk-1)");
            assertThat(platform.destroy(new ContainerRef(404, "pve2"), DestroyOptions.purging(Duration.ofSeconds(60)))
                    .taskId()).isEmpty();
        }
        assertThat(lines).noneMatch(l -> l.contains("Destroy the container"));
    }

    @Test
    void whatTheInstalledModuleCannotDoIsUnsupportedNamingTheCollectionVersionThatCan() {
        ContainerConfig withStartOrder = new ContainerConfig("ci", 1, 512, 512, new RootDisk("local-lvm", 8), List.of(),
                List.of(), Features.NONE, true, List.of(), false, Optional.of(new StartupOrder(2, OptionalInt.empty(),
                        OptionalInt.empty())));
        try (ContainerPlatform platform = platform(Map.of())) {
            assertThatThrownBy(() -> platform.reconfigure(new ContainerRef(101, "pve2"), withStartOrder, "d1g3st"))
                    .isInstanceOf(PxciException.class)
                    .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessageContaining("community.general 6.6.2")
                    .hasMessageContaining("8.1.0");
            assertThatThrownBy(() -> platform.create(new ContainerSpec(150, "pve2", "local:vztmpl/debian.tar.zst",
                    withStartOrder, List.of(), true)))
                    .isInstanceOf(PxciException.class)
                    .hasMessageContaining("'startup'")
                    .hasMessageContaining("8.5.0");
        }
        assertThat(pve.requests).doesNotContain("POST /nodes/pve2/lxc");
    }

    @Test
    void whatProxmoxWouldRefuseAtCreateIsToldBeforehandAndWhatTheModuleChangesInPlaceIsSaid() {
        ContainerConfig refused = new ContainerConfig("ci", 1, 512, 512, new RootDisk("local", 8), List.of(), List.of(),
                new Features(true, false, false, false, List.of()), false, List.of(), false, Optional.empty());
        try (ContainerPlatform platform = platform(Map.of())) {
            assertThat(platform.createRefusals(new ContainerSpec(150, "pve2", "local:vztmpl/debian.tar.zst", refused,
                    List.of(), true))).containsExactly("DISK (rootfs): storage 'local' does not support container directories",
                            "FEATURES: feature flags of a privileged container can only be changed by root@pam, and the Ansible"
                                    + " platform authenticates as API token root@pam!pxci");
            assertThat(platform.inPlace().settings()).isFalse();
            assertThat(platform.inPlace().limitation()).contains("community.general 6.6.2 only creates containers");
        }
        assertThat(pve.requests).doesNotContain("POST /nodes/pve2/lxc");
    }

    private ContainerPlatform platform(Map<String, String> extra) {
        return platform(pve, extra);
    }

    private ContainerPlatform platform(RecordedPveApi api, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("proxmox.url", api.url(), "proxmox.token", "root@pam!pxci",
                "proxmox.ca-file", api.caFile.toString(), "ansible.timeout", "2m"));
        values.putAll(extra);
        return new AnsiblePlatformFactory().create(new AdapterConfig(values, Map.of("proxmox.secret", Secret.of(SECRET))),
                AdapterContext.DEFAULT.withProgress((c, l) -> lines.add(l)));
    }
}
