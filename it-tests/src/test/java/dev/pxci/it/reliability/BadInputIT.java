package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input across the container declarations, the secrets file, the command line and the
 * adapters' settings, each run through the CLI (in this JVM, {@code Cli.run}) against a Proxmox
 * VE simulator: exit code 2, exactly one error message that names where the mistake is and what
 * is accepted, no stack trace, and not one request that changes the cluster.
 */
class BadInputIT {
    private static final String VALID = "ID=254\nHOSTNAME=git\nIP=10.0.0.254/24\n";
    /** A secret written without its quotes: the JSON error must not quote it back. */
    private static final String UNQUOTED = "hunter2-unquoted-secret";
    /** The body of a private key given where a public one belongs: never to be printed. */
    private static final String PRIVATE_KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB";
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^pxci: error: ");
    private static PveSimulator sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() {
        sim = Pve.simulator();
    }

    @AfterAll
    static void stopSimulator() {
        try (ContainerPlatform platform = Pve.platform(sim, Map.of())) {
            assertThat(platform.observe(Set.copyOf(IntStream.rangeClosed(100, 1000).boxed().toList())))
                    .as("no bad input created a container").isEmpty();
        }
        sim.close();
    }

    /** One malformed input: files in the working directory, settings in the environment, the arguments, what the error must say. */
    record Case(String name, Map<String, String> files, Map<String, String> permissions, Map<String, String> environment,
                List<String> args, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }

        Case file(String path, String content) {
            Map<String, String> f = new LinkedHashMap<>(files);
            f.put(path, content);
            return new Case(name, f, permissions, environment, args, expected);
        }

        /** The secrets file {@code config.json}, owner-only unless {@code mode} says otherwise. */
        Case secrets(String json, String mode) {
            Map<String, String> p = new LinkedHashMap<>(permissions);
            p.put("config.json", mode);
            List<String> a = new ArrayList<>(args);
            a.addAll(List.of("--secrets", "config.json"));
            return new Case(name, files, p, environment, a, expected).file("config.json", json);
        }

        Case secrets(String json) {
            return secrets(json, "rw-------");
        }

        Case env(String key, String value) {
            Map<String, String> e = new LinkedHashMap<>(environment);
            if (value == null) {
                e.remove(key);
            } else {
                e.put(key, value);
            }
            return new Case(name, files, permissions, e, args, expected);
        }

        Case args(String... more) {
            List<String> a = new ArrayList<>(args);
            a.addAll(List.of(more));
            return new Case(name, files, permissions, environment, a, expected);
        }

        Case expect(String... fragments) {
            return new Case(name, files, permissions, environment, args, List.of(fragments));
        }
    }

    /** An apply of a valid container, against the simulator, with a token and the certificate pinned. */
    private static Case apply(String name) {
        return new Case(name, Map.of("config.env", VALID), Map.of(), PxciProcess.proxmoxEnvironment(sim),
                List.of("apply"), List.of());
    }

    /** Another command than apply, in an empty directory. */
    private static Case command(String name, String... args) {
        return new Case(name, Map.of(), Map.of(), Map.of(), List.of(args), List.of());
    }

    /** An apply whose config.env is the valid one plus {@code line}, which is line 4. */
    private static Case declared(String name, String line) {
        return apply(name).file("config.env", VALID + line + "\n");
    }

    static Stream<Case> cases() {
        return Stream.of(
                // config.env: numbers, sizes, addresses, VLAN, names, keys
                declared("id that is not a number", "").file("config.env", "ID=abc\nHOSTNAME=git\nIP=10.0.0.254\n")
                        .expect("config.env:1: invalid value 'abc' for ID", "container id, 100 to 999999999"),
                declared("id below the range", "").file("config.env", "ID=99\nHOSTNAME=git\nIP=10.0.0.254\n")
                        .expect("config.env:1: invalid value '99' for ID", "100 to 999999999"),
                declared("id above the range", "").file("config.env", "ID=1000000000\nHOSTNAME=git\nIP=10.0.0.254\n")
                        .expect("config.env:1:", "for ID", "100 to 999999999"),
                declared("zero cores", "CORES=0").expect("config.env:4: invalid value '0' for CORES", "1 to 8192"),
                declared("cores as a word", "CORES=two").expect("config.env:4: invalid value 'two' for CORES", "1 to 8192"),
                declared("memory too small", "MEMORY=8").expect("config.env:4:", "MEMORY", "at least 16"),
                declared("memory with a unit", "MEMORY=2G").expect("config.env:4: invalid value '2G' for MEMORY", "MiB"),
                declared("negative swap", "SWAP=-1").expect("config.env:4: invalid value '-1' for SWAP", "0 or more"),
                declared("disk of zero GiB", "DISK=local-lvm:0").expect("config.env:4:", "DISK", "storage:GiB", "at least 1"),
                declared("disk in terabytes", "DISK=local-lvm:2T").expect("config.env:4:", "DISK", "whole GiB"),
                declared("disk without storage", "DISK=:8").expect("config.env:4:", "DISK", "storage:GiB"),
                declared("share without size", "MOUNT=share").expect("config.env:4:", "MOUNT", "name:GiB"),
                declared("share size as a word", "MOUNT=share:big").expect("config.env:4:", "MOUNT", "whole GiB"),
                declared("share listed twice", "MOUNT=share:4,share:8").expect("config.env:4: share share is listed twice"),
                declared("address octet above 255", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=10.0.0.300\n")
                        .expect("config.env:3: invalid value '10.0.0.300' for IP", "static IPv4 address"),
                declared("prefix above 32", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=10.0.0.5/33\n")
                        .expect("config.env:3:", "for IP", "prefix of 1 to 32"),
                declared("address with three octets", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=10.0.0\n")
                        .expect("config.env:3: invalid value '10.0.0' for IP", "a.b.c.d"),
                declared("IPv6 address", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=fd00::5\n")
                        .expect("config.env:3:", "for IP", "IPv4"),
                declared("gateway out of range", "GATEWAY=10.0.0.256").expect("config.env:4:", "GATEWAY", "IPv4 gateway"),
                declared("gateway with dhcp", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=dhcp\nGATEWAY=10.0.0.1\n")
                        .expect("config.env:4: GATEWAY is set but IP is dhcp"),
                declared("prefix zero", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=10.0.0.5\nPREFIX=0\n")
                        .expect("config.env:4: invalid value '0' for PREFIX", "1 to 32"),
                declared("vlan zero", "VLAN=0").expect("config.env:4: invalid value '0' for VLAN", "1 to 4094"),
                declared("vlan 4095", "VLAN=4095").expect("config.env:4: invalid value '4095' for VLAN", "1 to 4094"),
                declared("vlan as a word", "VLAN=office").expect("config.env:4: invalid value 'office' for VLAN", "1 to 4094"),
                declared("host name with underscore", "").file("config.env", "ID=254\nHOSTNAME=git_server\nIP=10.0.0.254\n")
                        .expect("config.env:2:", "for HOSTNAME", "letters, digits and '-'"),
                declared("boot neither yes nor no", "BOOT=maybe").expect("config.env:4: invalid value 'maybe' for BOOT", "yes or no"),
                declared("unknown feature", "FEATURES=nesting,teleport").expect("config.env:4:", "FEATURES", "nesting, keyctl"),
                declared("unknown mount type", "FEATURES=mount=ntfs").expect("config.env:4:", "FEATURES", "mount types"),
                declared("tag in upper case", "TAGS=Web Server").expect("config.env:4:", "TAGS", "lower-case"),
                declared("node name with a space", "NODE=pve one").expect("config.env:4:", "NODE", "node name"),
                declared("start order below zero", "START_ORDER=-1").expect("config.env:4:", "START_ORDER", "0 or more"),
                declared("terminate neither yes nor no", "TERMINATE=sometimes").expect("config.env:4:", "TERMINATE", "yes or no"),
                declared("unknown key", "MEMROY=1024").expect("config.env:4: unknown key MEMROY", "did you mean MEMORY?"),
                declared("duplicate key", "ID=255").expect("config.env:4: duplicate key ID (first set on line 1)"),
                declared("unterminated quote", "TAGS=\"pxci").expect("config.env:4:", "unterminated quote"),
                declared("line that is no assignment", "just some words").expect("config.env:4: cannot read 'just some words'",
                        "KEY=value"),
                declared("missing required key", "").file("config.env", "ID=254\nHOSTNAME=git\n")
                        .expect("config.env:", "missing required key IP", "IPv4 address"),
                apply("configuration that does not exist").args("--config", "nope.env")
                        .expect("configuration", "nope.env does not exist", "--config FILE or DIR"),
                apply("directory without container files").file("empty/README", "nothing here\n").args("--config", "empty")
                        .expect("no container files (*.env) in", "one .env file per container"),
                declared("address with a leading zero", "").file("config.env", "ID=254\nHOSTNAME=git\nIP=10.0.0.025\n")
                        .expect("config.env:3: invalid value '10.0.0.025' for IP", "a.b.c.d"),
                declared("text after a closing quote", "TAGS=\"pxci\" web").expect("config.env:4:",
                        "text after the closing quote", "a # comment may follow"),
                declared("byte-order mark before a wrong key", "MEMROY=1").file("config.env", "\uFEFF" + VALID + "MEMROY=1\n")
                        .expect("config.env:4: unknown key MEMROY", "did you mean MEMORY?"),
                declared("comment after a quoted value before a wrong key", "")
                        .file("config.env", VALID + "TAGS=\"pxci\" # the tag\nMEMROY=1\n")
                        .expect("config.env:5: unknown key MEMROY"),
                declared("configuration with NUL characters", "").file("config.env", "ID=254\u0000\u0001\u0002\n")
                        .expect("configuration", "config.env holds NUL characters: it is not a text file"),
                apply("directory named like a container file").file("deploy/a.env/README", "x\n")
                        .file("deploy/b.env", VALID).args("--config", "deploy")
                        .expect("configuration", "a.env is a directory, not a regular file"),
                apply("two containers with one host name in two cases").file("deploy/a.env", VALID)
                        .file("deploy/b.env", "ID=255\nHOSTNAME=GIT\nIP=10.0.0.253/24\n").args("--config", "deploy")
                        .expect("b.env: HOSTNAME GIT is also declared in", "a.env", "its own HOSTNAME"),
                apply("two containers with one address").file("deploy/a.env", VALID)
                        .file("deploy/b.env", "ID=255\nHOSTNAME=web\nIP=10.0.0.254\n").args("--config", "deploy")
                        .expect("b.env: IP 10.0.0.254 is also declared in", "a.env", "its own address"),
                // the secrets file
                apply("secrets readable by others").secrets("{\"password\": \"x\"}", "rw-r--r--")
                        .expect("secrets file", "config.json is readable or writable by group or others", "chmod 600"),
                apply("secrets writable by the group").secrets("{\"password\": \"x\"}", "rw--w----")
                        .expect("config.json is readable or writable by group or others", "chmod 600"),
                apply("secrets that are not JSON").secrets("password = x\n")
                        .expect("config.json:1: not valid JSON"),
                apply("secrets that are a JSON list").secrets("[\"x\"]\n")
                        .expect("config.json:1: the secrets file must hold one JSON object"),
                apply("secrets with an unknown key").secrets("{\n  \"proxmox\": {\n    \"secrte\": \"x\"\n  }\n}\n")
                        .expect("config.json:3: unknown key proxmox.secrte", "did you mean proxmox.secret?"),
                apply("secrets with a duplicate key").secrets("{\n  \"password\": \"a\",\n  \"password\": \"b\"\n}\n")
                        .expect("config.json:3: duplicate key gitea.password (first on line 2)"),
                apply("secrets with the same setting twice").secrets(
                        "{\n  \"password\": \"a\",\n  \"gitea\": {\n    \"password\": \"b\"\n  }\n}\n")
                        .expect("config.json:4: duplicate key gitea.password (first on line 2)"),
                apply("secrets with a list value").secrets("{\n  \"proxmox\": {\"secret\": [\"a\"]}\n}\n")
                        .expect("config.json:2:", "'proxmox.secret' must be a string"),
                apply("secret that is null").secrets("{\n  \"proxmox\": {\n    \"secret\": null\n  }\n}\n")
                        .expect("config.json:3: 'proxmox.secret' is null", "give it a value or leave the key out"),
                apply("secret value without quotes").secrets("{\n  \"password\": " + UNQUOTED + "\n}\n")
                        .expect("config.json:2: not valid JSON at column", "JSON strings in double quotes"),
                apply("secrets file that does not exist").args("--secrets", "missing.json")
                        .expect("secrets file", "missing.json does not exist"),
                apply("secrets path that is a directory").file("secrets.d/README", "x").args("--secrets", "secrets.d")
                        .expect("secrets file", "secrets.d", "is a directory, not a regular file"),
                // the command line
                apply("parallelism zero").args("--parallelism", "0").expect("--parallelism must be at least 1, was 0"),
                apply("parallelism as a word").args("--parallelism", "many")
                        .expect("Invalid value for option '--parallelism'", "'many' is not an int", "pxci apply --help"),
                apply("unknown output format").args("--output", "xml")
                        .expect("Invalid value for option '--output'", "[text, json]"),
                apply("lock wait that is no duration").args("--lock-wait", "forever")
                        .expect("--lock-wait", "'forever'", "a duration such as 30s, 5m"),
                apply("lock wait below zero").args("--lock-wait", "-5s").expect("--lock-wait", "'-5s'", "0 or more"),
                apply("sandbox state that is a file").file("state.txt", "x\n").args("--sandbox", "--state", "state.txt")
                        .expect("the sandbox state", "state.txt is not a directory", "give --state a directory"),
                command("sandbox port above 65535", "sandbox", "--port", "99999", "--state", "st")
                        .expect("--port must be 0 to 65535, was 99999"),
                apply("unknown option").args("--frobnicate").expect("Unknown option: '--frobnicate'", "pxci apply --help"),
                apply("unknown stage").args("--stage", "provison").expect("unknown stage 'provison'", "stages: provision"),
                apply("unknown platform adapter").args("--platform", "proxmux")
                        .expect("no ContainerPlatform adapter named 'proxmux'", "available: [", "proxmox"),
                apply("unknown transport adapter").args("--transport", "telnet")
                        .expect("no ShellConnector adapter named 'telnet'", "available: [local, ssh]"),
                apply("unknown configurator adapter").args("--configurator", "chef")
                        .expect("no ConfigurationRunner adapter named 'chef'", "cinc"),
                // the adapters' settings
                apply("proxmox url over plain http").env("PXCI_PROXMOX_URL", "http://127.0.0.1:8006")
                        .expect("setting 'proxmox.url'", "https URL", "(given in the environment variable PXCI_PROXMOX_URL)"),
                apply("proxmox url that is no URL").env("PXCI_PROXMOX_URL", "pve node one")
                        .expect("setting 'proxmox.url'", "an https URL such as https://pve.example.org:8006"),
                apply("proxmox url and host both set").env("PXCI_PROXMOX_HOST", "pve.example.org")
                        .expect("both 'proxmox.url' and 'proxmox.host' are set", "set only one"),
                apply("token with its secret glued on").env("PXCI_PROXMOX_TOKEN", sim.tokenId() + "=" + "0123-glued-secret")
                        .expect("setting 'proxmox.token' is not USER@REALM!TOKENID"),
                apply("token without realm").env("PXCI_PROXMOX_TOKEN", "root!pxci")
                        .expect("setting 'proxmox.token'", "USER@REALM!TOKENID (root@pam!ci)"),
                apply("token of another user").env("PXCI_PROXMOX_USER", "ops@pve")
                        .expect("setting 'proxmox.token' belongs to root@pam but 'proxmox.user' is ops@pve"),
                apply("token without its secret").env("PXCI_PROXMOX_SECRET", null)
                        .expect("setting 'proxmox.secret'", "is required with proxmox.token", "PXCI_PROXMOX_SECRET"),
                apply("fingerprint that is too short").env("PXCI_PROXMOX_FINGERPRINT", "AB:CD:EF")
                        .expect("setting 'proxmox.fingerprint' has the value 'AB:CD:EF'", "64 hex digits"),
                apply("insecure and pinned at once").env("PXCI_PROXMOX_INSECURE", "true")
                        .expect("proxmox.fingerprint, proxmox.insecure are exclusive", "choose one way to trust"),
                apply("insecure neither true nor false").env("PXCI_PROXMOX_FINGERPRINT", null)
                        .env("PXCI_PROXMOX_INSECURE", "perhaps")
                        .expect("setting 'proxmox.insecure' has the value 'perhaps'", "true or false"),
                apply("task timeout that is no duration").env("PXCI_PROXMOX_TASK_TIMEOUT", "soon")
                        .expect("setting 'proxmox.task-timeout' has the value 'soon'", "30s, 5m"),
                apply("task timeout of zero").env("PXCI_PROXMOX_TASK_TIMEOUT", "0s")
                        .expect("setting 'proxmox.task-timeout'", "not a positive duration"),
                apply("id range backwards").env("PXCI_PROXMOX_ID_RANGE", "2000-1000")
                        .expect("setting 'proxmox.id-range' has the value '2000-1000'", "FIRST-LAST"),
                apply("id range below 100").env("PXCI_PROXMOX_ID_RANGE", "50-150")
                        .expect("setting 'proxmox.id-range'", "within 100-999999999"),
                apply("proxmox setting from the secrets file").env("PXCI_PROXMOX_TASK_TIMEOUT", null)
                        .secrets("{\n  \"proxmox\": {\n    \"task-timeout\": \"eventually\"\n  }\n}\n")
                        .expect("setting 'proxmox.task-timeout' has the value 'eventually'", "(given in ", "config.json:3)"),
                apply("gitea url that is not http").env("PXCI_GITEA_URL", "ftp://10.0.0.5")
                        .expect("setting 'gitea.url' has the value 'ftp://10.0.0.5'", "http or https URL",
                                "environment variable PXCI_GITEA_URL"),
                apply("gitea timeout that is no duration").env("PXCI_GITEA_URL", "http://10.0.0.5:3000")
                        .env("PXCI_GITEA_TIMEOUT", "long")
                        .expect("setting 'gitea.timeout' has the value 'long'", "30s, 5m"),
                apply("gitea organisation name Gitea refuses").env("PXCI_ORGANISATION", "my org!")
                        .expect("setting 'organisation' has the value 'my org!', which is not a name Gitea accepts",
                                "letters, digits, '-', '_' and '.'", "environment variable PXCI_ORGANISATION"),
                apply("gitea repository name Gitea refuses").env("PXCI_REPOSITORY", "../pxci")
                        .expect("setting 'repository' has the value '../pxci', which is not a name Gitea accepts"),
                apply("ssh timeout that is no duration").env("PXCI_SSH_CONNECT_TIMEOUT", "a while")
                        .expect("setting 'ssh.connect-timeout' has the value 'a while'", "30s, 5m"),
                apply("ssh host key policy unknown").env("PXCI_SSH_HOST_KEY_POLICY", "trust-all")
                        .env("PXCI_SSH_PASSWORD", "x")
                        .expect("setting 'ssh.host-key-policy' has the value 'trust-all'", "strict or accept-new"),
                apply("private key pasted as the public key").env("PXCI_SSH_PUBLIC_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                        + PRIVATE_KEY_BODY + "\n-----END OPENSSH PRIVATE KEY-----\n")
                        .expect("setting 'ssh.public-key' holds a private key", "give the public key"),
                apply("replication depth that is no number").env("PXCI_MAX_DEPTH", "deep")
                        .expect("setting 'max-depth' has the value 'deep'", "whole number"),
                // what only the cluster can tell
                declared("template the node does not have", "TEMPLATE=local:vztmpl/debian-13-standard_13.0-1_amd64.tar.zst")
                        .expect("TEMPLATE local:vztmpl/debian-13-standard_13.0-1_amd64.tar.zst is not on node pve",
                                "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", "pveam download"),
                declared("template file name the node does not have", "TEMPLATE=alpine-3.20-default_20240908_amd64.tar.xz")
                        .expect("TEMPLATE alpine-3.20-default_20240908_amd64.tar.xz is not on node pve", "pveam download"),
                declared("template download neither yes nor no", "TEMPLATE_DOWNLOAD=maybe")
                        .expect("config.env:4: invalid value 'maybe' for TEMPLATE_DOWNLOAD", "yes or no"),
                declared("node the cluster does not have", "NODE=pve2")
                        .expect("NODE pve2 is not a node of the cluster", "nodes: pve"),
                declared("share storage the node does not have", "MOUNT=share:2\nMOUNT_STORAGE=nfs-archive")
                        .expect("config.env: MOUNT (mp0): storage 'nfs-archive' does not exist on node pve",
                                "storages that do: local-lvm", "nothing was created"),
                declared("disk storage the node does not have", "DISK=ceph:8")
                        .expect("config.env: DISK (rootfs): storage 'ceph' does not exist on node pve", "nothing was created"),
                declared("disk storage that takes no containers", "DISK=local:8")
                        .expect("config.env: DISK (rootfs): storage 'local' does not support container directories"),
                declared("bridge the node does not have", "BRIDGE=vmbr7")
                        .expect("config.env:", "vmbr7", "nothing was created"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsRefusedWithOneClearMessageAndChangesNothing(Case c) throws IOException {
        for (Map.Entry<String, String> f : c.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        for (Map.Entry<String, String> p : c.permissions().entrySet()) {
            Files.setPosixFilePermissions(dir.resolve(p.getKey()), PosixFilePermissions.fromString(p.getValue()));
        }
        long writesBefore = Pve.writes(sim);

        InProcessCli.Result run = InProcessCli.run(dir, c.environment(), c.args().toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(count(ERROR_LINE, run.stderr())).as("exactly one error message:\n%s", run.all()).isEqualTo(1);
        assertThat(run.stderr()).as(run.all()).contains(c.expected());
        assertThat(run.stderr() + run.stdout()).as("no stack trace:\n%s", run.all())
                .doesNotContain("\tat ", "Exception", "(run again with --stacktrace");
        assertThat(run.stdout()).as("no stage started").doesNotContain("> provision");
        assertThat(run.all()).as("no secret echoed").doesNotContain("0123-glued-secret", UNQUOTED, PRIVATE_KEY_BODY,
                sim.tokenSecret());
        assertThat(Pve.writes(sim)).as("nothing was changed on the cluster").isEqualTo(writesBefore);
    }

    @Test
    void casesCoverAtLeastFortyMalformedInputs() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
        assertThat(cases().map(Case::name)).doesNotHaveDuplicates();
    }

    @Test
    void aFifoOrADeviceIsNeverReadAsAConfigurationOrSecretsFile() throws Exception {
        Files.writeString(dir.resolve("config.env"), VALID);
        Path fifo = dir.resolve("pipe.env");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dir.resolve("zero.env"), Path.of("/dev/zero"));
        Map<String, String> env = PxciProcess.proxmoxEnvironment(sim);

        for (List<String> args : List.of(List.of("apply", "--config", "pipe.env"), List.of("apply", "--config", "zero.env"),
                List.of("apply", "--secrets", "pipe.env"), List.of("apply", "--secrets", "zero.env"))) {
            InProcessCli.Result run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> InProcessCli.run(dir, env, args.toArray(String[]::new)), "reading " + args + " must not block");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.stderr()).as(run.all()).contains("is a FIFO, socket or device, not a regular file");
            assertThat(run.all()).doesNotContain("OutOfMemoryError", "\tat ");
        }
    }

    @Test
    void aBinaryFileIsNamedAsNotBeingText() throws IOException {
        Files.write(dir.resolve("config.env"), new byte[] {'I', 'D', '=', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});

        InProcessCli.Result run = InProcessCli.run(dir, PxciProcess.proxmoxEnvironment(sim), "apply");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains("config.env is not UTF-8 text (a binary file?)").doesNotContain("Input length");
    }

    @Test
    void anUnknownStageIsRefusedBeforeTheSandboxMakesItsState() throws IOException {
        Files.writeString(dir.resolve("config.env"), VALID);

        InProcessCli.Result run = InProcessCli.run(dir, Map.of(), "apply", "--sandbox", "--state", "fresh", "--stage", "bogus");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown stage 'bogus'");
        assertThat(dir.resolve("fresh")).doesNotExist();
    }

    @Test
    void anAdapterNameServedTwiceIsAmbiguousAndListsBothClasses() throws IOException {
        Files.writeString(dir.resolve("config.env"), VALID);
        Path services = Files.createDirectories(dir.resolve("extra/META-INF/services"));
        Files.writeString(services.resolve(AdapterFactory.class.getName()), AnotherProxmoxFactory.class.getName() + "\n");
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        long writesBefore = Pve.writes(sim);
        InProcessCli.Result run;
        try (URLClassLoader withSecondJar = new URLClassLoader(new URL[] {dir.resolve("extra").toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(withSecondJar);
            run = InProcessCli.run(dir, PxciProcess.proxmoxEnvironment(sim), "apply");
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(count(ERROR_LINE, run.stderr())).isEqualTo(1);
        assertThat(run.stderr()).contains("the ContainerPlatform adapter name 'proxmox' is ambiguous",
                AnotherProxmoxFactory.class.getName(), "dev.pxci.adapter.proxmox.ProxmoxPlatformFactory",
                "remove one of the jars from the class path");
        assertThat(Pve.writes(sim)).isEqualTo(writesBefore);
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * A second adapter that claims the name {@code proxmox}, as a stray third-party jar would; found
     * only through the class loader the ambiguity test installs. Never created.
     */
    public static final class AnotherProxmoxFactory implements AdapterFactory<ContainerPlatform> {
        @Override
        public String name() {
            return "proxmox";
        }

        @Override
        public Class<ContainerPlatform> port() {
            return ContainerPlatform.class;
        }

        @Override
        public String description() {
            return "a second adapter under the name proxmox";
        }

        @Override
        public List<ConfigKey> configKeys() {
            return List.of();
        }

        @Override
        public ContainerPlatform create(AdapterConfig config) {
            throw new AssertionError("an ambiguous adapter must never be created");
        }
    }
}
