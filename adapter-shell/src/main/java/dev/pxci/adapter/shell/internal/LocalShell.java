package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.Command;
import dev.pxci.ports.shell.CommandResult;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import dev.pxci.ports.shell.Shell;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shell contract on this machine: processes started directly from the argument list (no shell
 * in between), output streamed line by line, and at the timeout the whole process tree killed.
 * Transfers are local copies, written under a temporary name and moved into place.
 */
public final class LocalShell implements Shell {
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    private static final int KILL_PASSES = 10;

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public CommandResult execute(Command command, OutputListener listener) {
        CommandChecks.check(command);
        Redactor mask = SecretMask.of(command);
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.environment());
        command.secretEnvironment().forEach((name, value) -> builder.environment().put(name, value.reveal()));
        command.workingDirectory().ifPresent(dir -> builder.directory(new File(dir)));
        long started = System.nanoTime();
        Process process = start(builder, command);
        OutputCollector out = new OutputCollector(OutputChannel.STDOUT, listener, mask);
        OutputCollector err = new OutputCollector(OutputChannel.STDERR, listener, mask);
        List<Thread> pumps = List.of(
                pump("stdout", process.getInputStream(), out),
                pump("stderr", process.getErrorStream(), err),
                feed(process.getOutputStream(), command));
        boolean finished = waitFor(process, command.timeout());
        if (!finished) {
            killTree(process.toHandle());
        }
        drain(pumps, process);
        out.finish();
        err.finish();
        if (!finished) {
            throw CommandOutcomes.timedOut(command, describe(), mask, out, err, "its process tree was killed");
        }
        CommandOutcomes.failIfListenerFailed(out, err);
        return new CommandResult(process.exitValue(), Optional.empty(), out.text(), err.text(),
                out.truncated() || err.truncated(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Process start(ProcessBuilder builder, Command command) {
        if (builder.directory() != null && !builder.directory().isDirectory()) {
            throw new PxciException(ErrorCode.NOT_FOUND, "cannot run `" + command.display() + "`: the working directory "
                    + builder.directory() + " does not exist");
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new PxciException(ErrorCode.NOT_FOUND, "cannot run `" + command.display() + "`: " + e.getMessage(),
                    "check that " + command.argv().get(0) + " is installed and on the PATH", e);
        }
    }

    private static Thread pump(String name, InputStream from, OutputCollector to) {
        return daemon("pxci-local-" + name, () -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the stream was closed after the process tree died; what arrived is kept
            }
        });
    }

    private static Thread feed(OutputStream stdin, Command command) {
        return daemon("pxci-local-stdin", () -> {
            try (stdin) {
                if (command.stdin().isPresent()) {
                    stdin.write(command.stdin().get().reveal().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process stopped reading its input (exited or closed it): like a broken pipe, not an error
            }
        });
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new PxciException(ErrorCode.FAILED, "interrupted while waiting for a command; its process tree was killed");
        }
    }

    /**
     * Kills the descendants of {@code root} while {@code root} still lives (so the tree can still be
     * found from it), repeating while new ones appear, then {@code root} itself.
     */
    static void killTree(ProcessHandle root) {
        for (int pass = 0; pass < KILL_PASSES; pass++) {
            List<ProcessHandle> descendants = root.descendants().filter(ProcessHandle::isAlive).toList();
            if (descendants.isEmpty()) {
                break;
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        root.destroyForcibly();
        try {
            root.onExit().get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the kill was sent; a process that ignores SIGKILL is beyond anyone's reach
        }
    }

    /** Waits for the output to be read to its end; closes the pipes when something else still holds them open. */
    private static void drain(List<Thread> pumps, Process process) {
        long end = System.nanoTime() + DRAIN_WAIT.toNanos();
        for (Thread pump : pumps) {
            try {
                pump.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        for (Thread pump : pumps) {
            try {
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed by its pump
        }
    }

    @Override
    public void upload(Path source, String remotePath) {
        UploadPlan plan = UploadPlan.of(source, remotePath);
        try {
            Path top = Path.of(remotePath).toAbsolutePath().getParent();
            if (top != null) {
                Files.createDirectories(top);
            }
            for (UploadPlan.Item dir : plan.directories()) {
                Path target = Path.of(dir.destination());
                if (!Files.isDirectory(target)) {
                    Files.createDirectory(target);
                    FileModes.set(target, dir.mode());
                }
            }
            for (UploadPlan.Item file : plan.files()) {
                copyAtomically(file.source(), Path.of(file.destination()), file.mode());
            }
        } catch (IOException e) {
            throw localFailure("uploading " + source + " to " + remotePath, e);
        }
    }

    @Override
    public void download(String remotePath, Path target) {
        Path source = Path.of(remotePath);
        try {
            if (!Files.isRegularFile(source)) {
                throw new PxciException(Files.exists(source) ? ErrorCode.INVALID_INPUT : ErrorCode.NOT_FOUND,
                        "cannot download " + remotePath + ": it is not a regular file");
            }
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            copyAtomically(source, target, FileModes.of(source));
        } catch (IOException e) {
            throw localFailure("downloading " + remotePath + " to " + target, e);
        }
    }

    private static void copyAtomically(Path source, Path target, int mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".pxci-copy");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            FileModes.set(temp, mode);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static PxciException localFailure(String what, IOException e) {
        ErrorCode code = e instanceof NoSuchFileException ? ErrorCode.NOT_FOUND
                : e instanceof AccessDeniedException ? ErrorCode.FORBIDDEN : ErrorCode.FAILED;
        return new PxciException(code, what + " failed: " + e, null, e);
    }

    @Override
    public void close() {
        // nothing is held between calls
    }
}
