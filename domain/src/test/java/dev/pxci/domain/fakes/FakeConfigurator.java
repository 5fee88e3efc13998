package dev.pxci.domain.fakes;

import dev.pxci.ports.Change;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.configuration.InstallResult;
import dev.pxci.ports.configuration.ToolRequirement;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A configuration tool stand-in: the first apply of a run-list item updates three resources and
 * makes its effects visible in a {@link FakeContainerShell} (the runner service, the Samba
 * shares); later applies update nothing. Records every converge.
 */
public final class FakeConfigurator implements ConfigurationRunner {
    public final List<String> converges = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> converged = Collections.synchronizedSet(new HashSet<>());
    private final FakeContainerShell container;
    private String installed;

    public FakeConfigurator(FakeContainerShell container) {
        this.container = container;
    }

    @Override
    public String tool() {
        return "cinc";
    }

    @Override
    public InstallResult ensureInstalled(Shell shell, ToolRequirement requirement) {
        if (requirement.version().equals(installed)) {
            return new InstallResult(Change.UNCHANGED, installed);
        }
        installed = requirement.version();
        return new InstallResult(Change.CREATED, installed);
    }

    @Override
    public ConvergeReport converge(ConvergeTarget target, ConvergeRequest request, OutputListener listener) {
        String item = request.runList().get(0);
        converges.add(request.mode() + " " + item + " as " + target.address().user());
        listener.onLine(dev.pxci.ports.shell.OutputChannel.STDOUT, "Converging " + item);
        boolean fresh = !converged.contains(item);
        if (fresh && request.mode() == ConvergeMode.APPLY) {
            converged.add(item);
            if (item.equals("recipe[config]")) {
                container.activeServices.add("gitea");
                container.activeServices.add("act_runner");
            }
            if (item.equals("recipe[share]")) {
                for (String share : request.attributes().get("share.mount").split(",")) {
                    container.files.put("samba:" + share.split(":")[0], "");
                }
            }
        }
        int updated = fresh ? 3 : 0;
        return new ConvergeReport(updated, 10, fresh ? List.of("a", "b", "c") : List.of(), false, Duration.ZERO);
    }
}
