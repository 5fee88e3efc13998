package dev.pxci.adapter.ansible.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code ansible-playbook} run: which playbooks, against which inventory, with which
 * variables, in check mode or not, limited to tags or not, and how long it may take.
 *
 * @param purpose what the run is for, in messages ({@code provision CT 101})
 * @param workingDirectory where the process starts (relative paths in the playbooks resolve from their own directory)
 * @param playbooks the playbooks, run in order by one process
 * @param inventory the hosts
 * @param variables the extra variables, secrets included; passed only through a 0600 file
 * @param check check mode: report what would change, change nothing
 * @param tags run only tasks with these tags; all when empty
 * @param environment extra environment for the process; never secret
 * @param timeout after this the whole process tree is killed
 */
public record PlaybookInvocation(
        String purpose,
        Path workingDirectory,
        List<Path> playbooks,
        Inventory inventory,
        ExtraVars variables,
        boolean check,
        List<String> tags,
        Map<String, String> environment,
        Duration timeout) {

    public PlaybookInvocation {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        playbooks = List.copyOf(playbooks);
        if (playbooks.isEmpty()) {
            throw new IllegalArgumentException("at least one playbook is needed");
        }
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(variables, "variables");
        tags = List.copyOf(tags);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The command line: only paths and flags, never a variable's value. */
    public List<String> argv(String executable, Path inventoryFile, Path varsFile) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.add("-i");
        argv.add(inventoryFile.toString());
        argv.add("-e");
        argv.add("@" + varsFile);
        if (check) {
            argv.add("--check");
        }
        if (!tags.isEmpty()) {
            argv.add("--tags");
            argv.add(String.join(",", tags));
        }
        playbooks.forEach(p -> argv.add(p.toString()));
        return argv;
    }
}
