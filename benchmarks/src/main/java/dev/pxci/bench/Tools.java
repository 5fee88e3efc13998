package dev.pxci.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The command lines and environments of the two tools measured, as a user would run them. */
final class Tools {
    private final Path pxci;
    private final Path ansiblePlaybook;
    private final Path python;
    private final Path floorScript;
    private final Path work;

    private Tools(Path pxci, Path ansiblePlaybook, Path python, Path floorScript, Path work) {
        this.pxci = pxci;
        this.ansiblePlaybook = ansiblePlaybook;
        this.python = python;
        this.floorScript = floorScript;
        this.work = work;
    }

    /**
     * Finds the repository's launcher {@code ./pxci} (which runs {@code app-cli/target/pxci.jar}
     * with its JVM options), {@code ansible-playbook} on the PATH when Ansible is measured, and
     * Debian's {@code /usr/bin/python3} (else {@code python3} on the PATH) with the floor's script
     * when the floor is measured.
     */
    static Tools find(Options options, Path work) throws IOException {
        Path launcher = options.repository().resolve("pxci");
        if (!Files.isExecutable(launcher) || !Files.isDirectory(options.repository().resolve("app-cli"))) {
            throw new IllegalArgumentException(options.repository() + " is not a pxci checkout (no executable ./pxci"
                    + " and app-cli/): run the benchmark from the repository root or pass --repository");
        }
        Path ansible = options.measures(Options.ANSIBLE) ? onPath("ansible-playbook") : null;
        Path python = null;
        Path script = null;
        if (options.measures(Options.FLOOR)) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3") : onPath("python3");
            try (InputStream in = Tools.class.getResourceAsStream("floor.py")) {
                script = work.resolve("floor.py");
                Files.copy(Objects.requireNonNull(in, "floor.py is packaged with the benchmark"), script);
            }
        }
        return new Tools(launcher, ansible, python, script, work);
    }

    /** A bare start of the JVM the launcher runs, with the launcher's options: the floor of {@code pxci --version}. */
    List<String> floorVersion() {
        return List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-version");
    }

    /** The floor's client making the reads of a no-op of {@code n} with {@code parallelism} workers. */
    List<String> floorNoop(int n, int parallelism) {
        return List.of(python.toString(), floorScript.toString(), "--parallelism", Integer.toString(parallelism),
                "--expect", Integer.toString(n));
    }

    List<String> pxciVersion() {
        return List.of(pxci.toString(), "--version");
    }

    List<String> pxciApply(Path deployment, int parallelism) {
        return List.of(pxci.toString(), "apply", "--stage", "provision", "--config", deployment.toString(),
                "--parallelism", Integer.toString(parallelism));
    }

    List<String> ansibleVersion() {
        return List.of(ansiblePlaybook.toString(), "--version");
    }

    List<String> ansibleApply(Path inventory, Path playbook, int forks) {
        return List.of(ansiblePlaybook.toString(), "-i", inventory.toString(), "--forks", Integer.toString(forks),
                playbook.toString());
    }

    /**
     * The benchmark's own environment without anything that would change how either tool runs
     * ({@code PXCI_*}, {@code ANSIBLE_*}, JVM option variables), plus {@code extra}.
     */
    static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("PXCI_") || k.startsWith("ANSIBLE_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("REQUESTS_CA_BUNDLE"));
        env.putAll(extra);
        return env;
    }

    /** Ansible's state and temporary files under the benchmark's work directory; no colour. */
    Map<String, String> ansibleEnvironment(Map<String, String> cluster) {
        Map<String, String> env = new HashMap<>(cluster);
        env.put("ANSIBLE_HOME", work.resolve("ansible-home").toString());
        env.put("ANSIBLE_LOCAL_TEMP", work.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        return environment(env);
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(name + " is not on the PATH: install Debian's ansible and python3-proxmoxer,"
                + " or measure pxci alone with --tools pxci");
    }
}
