package dev.pxci.adapter.ansible;

import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A {@link Shell} that runs commands as local processes, with a chosen PATH; for the runner's checks of the target. */
final class ThisMachineShell implements Shell {
    private final String path;

    ThisMachineShell(String path) {
        this.path = path;
    }

    @Override
    public String describe() {
        return "this machine (PATH=" + path + ")";
    }

    @Override
    public CommandResult execute(Command command, OutputListener listener) {
        long started = System.nanoTime();
        // through sh, so the program is looked up on the chosen PATH
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "exec " + command.argv().stream()
                .map(dev.pxci.ports.shell.ShellQuoting::quote).collect(java.util.stream.Collectors.joining(" ")));
        builder.environment().put("PATH", path);
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new CommandResult(p.exitValue(), Optional.empty(), out, err, false, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new CommandResult(127, Optional.empty(), "", e.getMessage(), false, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void upload(Path source, String remotePath) {
        throw new UnsupportedOperationException("not needed by the Ansible runner");
    }

    @Override
    public void download(String remotePath, Path target) {
        throw new UnsupportedOperationException("not needed by the Ansible runner");
    }

    @Override
    public void close() {
    }
}
