package dev.pxci.ports.configuration;

import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;

/**
 * Converges a machine with a configuration tool (Cinc, Ansible). Output is streamed as it
 * arrives. Secret attributes never reach a log, a command line or a file that outlives the run.
 * Failures are {@link dev.pxci.ports.PxciException}s: {@code FAILED} with the last lines of
 * output, {@code INVALID_INPUT} for a bundle the tool rejects, {@code UNSUPPORTED} when the tool
 * cannot run there. Thread-safe; one converge per target at a time.
 */
public interface ConfigurationRunner {

    /** The tool's name ({@code cinc}, {@code ansible}). */
    String tool();

    /** Makes sure the tool is present at the required version; installs it when it is not. */
    InstallResult ensureInstalled(Shell shell, ToolRequirement requirement);

    /** Runs the bundle against the target and reports what changed. */
    ConvergeReport converge(ConvergeTarget target, ConvergeRequest request, OutputListener listener);
}
