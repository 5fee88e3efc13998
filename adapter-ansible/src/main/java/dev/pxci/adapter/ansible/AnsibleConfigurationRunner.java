package dev.pxci.adapter.ansible;

import dev.pxci.adapter.ansible.internal.AnsibleProblems;
import dev.pxci.adapter.ansible.internal.ExtraVars;
import dev.pxci.adapter.ansible.internal.FailureTranslator;
import dev.pxci.adapter.ansible.internal.Inventory;
import dev.pxci.adapter.ansible.internal.PlaybookInvocation;
import dev.pxci.adapter.ansible.internal.PlaybookResult;
import dev.pxci.adapter.ansible.internal.PlaybookRunner;
import dev.pxci.adapter.ansible.internal.RunnerSettings;
import dev.pxci.adapter.ansible.internal.TaskResult;
import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import dev.pxci.ports.shell.ShellTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ConfigurationRunner} with Ansible: runs playbooks of a bundle from this machine against
 * the container over SSH. The inventory is generated for the one target (group
 * {@code pxci_target}); host keys are checked against the configured known_hosts file, never
 * learned; the private key is used from its path and never copied. A dry run is check mode.
 * Attributes (secrets included) reach the playbooks only through the run's 0600 variables file.
 */
public final class AnsibleConfigurationRunner implements ConfigurationRunner {
    /** The inventory group of the target; playbooks may use it or {@code all}. */
    public static final String TARGET_GROUP = "pxci_target";
    private static final Pattern CORE_VERSION = Pattern.compile("\\[core ([0-9][^\\]]*)]");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);

    private final RunnerSettings settings;
    private final PlaybookRunner runner;

    AnsibleConfigurationRunner(RunnerSettings settings, PlaybookRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    @Override
    public String tool() {
        return "ansible";
    }

    /**
     * Ansible runs here, not in the container: checks that this machine's ansible-core is the
     * required version and that the container has the Python 3 its modules need. Installs nothing;
     * a mismatch is {@code UNSUPPORTED} with what to install.
     */
    @Override
    public InstallResult ensureInstalled(Shell shell, ToolRequirement requirement) {
        String version = coreVersion();
        if (!matches(version, requirement.version())) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "ansible-core " + version + " is installed here, but "
                    + requirement.version() + " is required", "install that version on this machine (Debian's package 'ansible'"
                    + " brings 2.14 on bookworm), or relax the requirement");
        }
        CommandResult python = shell.execute(Command.of("python3", "--version").withTimeout(VERSION_TIMEOUT));
        if (!python.succeeded()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "the container " + shell.describe() + " has no working python3 ("
                    + String.join(" | ", python.tail(3)) + "), which Ansible's modules need",
                    "install python3 in it (apt-get install python3); the base playbook's bootstrap play does");
        }
        return new InstallResult(Change.UNCHANGED, "ansible-core " + version + " (container: " + python.stdout().strip() + ")");
    }

    @Override
    public ConvergeReport converge(ConvergeTarget target, ConvergeRequest request, OutputListener listener) {
        long started = System.nanoTime();
        settings.requireKnownHosts();
        List<Path> playbooks = playbooks(request);
        ExtraVars vars = new ExtraVars();
        request.attributes().forEach(vars::putPath);
        request.secretAttributes().forEach(vars::putPath);
        String purpose = (request.mode() == ConvergeMode.DRY_RUN ? "check " : "converge ") + String.join(", ", request.runList())
                + " on " + target.address();
        PlaybookResult result = runner.run(new PlaybookInvocation(purpose, request.bundle(), playbooks,
                inventory(target.address()), vars, request.mode() == ConvergeMode.DRY_RUN, List.of(),
                Map.of("ANSIBLE_PIPELINING", "True"), settings.timeout()), listener);
        if (!result.succeeded()) {
            throw AnsibleProblems.failure(purpose, result, FailureTranslator.NONE);
        }
        List<String> changed = result.changed().stream().map(AnsibleConfigurationRunner::label).toList();
        return new ConvergeReport(changed.size(), result.succeededTasks(), changed, false,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Inventory inventory(ShellTarget address) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("ansible_host", address.host());
        host.put("ansible_port", address.port());
        host.put("ansible_user", address.user());
        host.put("ansible_connection", "ssh");
        host.put("ansible_python_interpreter", "auto_silent");
        List<String> ssh = new ArrayList<>(List.of("-o StrictHostKeyChecking=yes",
                "-o UserKnownHostsFile=" + quote(settings.knownHosts().toString()),
                "-o GlobalKnownHostsFile=/dev/null", "-o BatchMode=yes"));
        settings.privateKey().ifPresent(key -> {
            host.put("ansible_ssh_private_key_file", key.toString());
            ssh.add("-o IdentitiesOnly=yes");
        });
        host.put("ansible_ssh_common_args", String.join(" ", ssh));
        return Inventory.single(TARGET_GROUP, address.host(), host);
    }

    private static List<Path> playbooks(ConvergeRequest request) {
        Path bundle = request.bundle().toAbsolutePath().normalize();
        if (!Files.isDirectory(bundle)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the playbook bundle " + bundle + " is not a directory");
        }
        if (request.runList().isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "nothing to run: the run list names no playbook of " + bundle);
        }
        List<Path> out = new ArrayList<>();
        for (String entry : request.runList()) {
            Path playbook = bundle.resolve(entry).normalize();
            if (!playbook.startsWith(bundle) || !Files.isRegularFile(playbook)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "the run list entry '" + entry + "' is not a playbook file in "
                        + bundle, "name playbooks by their path relative to the bundle (site.yml)");
            }
            out.add(playbook);
        }
        return out;
    }

    private String coreVersion() {
        ProcessBuilder builder = new ProcessBuilder(runner.executable(), "--version").redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("PXCI_"));
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            Matcher m = CORE_VERSION.matcher(out);
            if (!m.find()) {
                throw new PxciException(ErrorCode.UNSUPPORTED, runner.executable() + " --version printed no ansible-core version: "
                        + out.strip());
            }
            return m.group(1).strip();
        } catch (IOException e) {
            throw AnsibleProblems.notInstalled(runner.executable(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, runner.executable() + " --version: cancelled");
        }
    }

    /** {@code 2.14.18} satisfies {@code 2.14} and {@code 2.14.18}; an empty requirement anything. */
    static boolean matches(String installed, String required) {
        if (required.isBlank()) {
            return true;
        }
        String[] want = required.strip().split("\\.");
        String[] have = installed.split("[.]");
        if (have.length < want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    private static String label(TaskResult r) {
        return r.task() + " (" + r.host() + ")";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
