package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code ansible-playbook}: writes the variables into a 0600 file and the inventory into a
 * private run directory, starts the process with the JSON-lines callback, streams every event as a
 * redacted line, collects the results, kills the whole process tree on timeout or interruption,
 * and removes the run directory (variables, inventory, module files) afterwards, whatever happened.
 * Thread-safe: each call has its own directory and process.
 */
public final class PlaybookRunner {
    private static final int STDERR_TAIL = 60;
    private static final Duration READER_DRAIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable;
    private final Map<String, String> inheritedEnvironment;

    /** Runs the {@code ansible-playbook} found on the PATH, with this process's environment as the base. */
    public PlaybookRunner() {
        this("ansible-playbook", System.getenv());
    }

    /**
     * @param executable the {@code ansible-playbook} to run, a name looked up on the PATH or a path
     * @param inheritedEnvironment the environment to start from (secrets are filtered out of it)
     */
    public PlaybookRunner(String executable, Map<String, String> inheritedEnvironment) {
        this.executable = executable;
        this.inheritedEnvironment = Map.copyOf(inheritedEnvironment);
    }

    public String executable() {
        return executable;
    }

    /**
     * Runs the invocation to its end and returns what it reported, whether tasks failed or not.
     * Fails only when the run could not be completed: the program is missing ({@code UNSUPPORTED}),
     * the deadline passed ({@code TIMEOUT}), or the calling thread was interrupted ({@code FAILED}).
     */
    public PlaybookResult run(PlaybookInvocation invocation, OutputListener progress) {
        Redactor redactor = Redactor.of(invocation.variables().secrets());
        long started = System.nanoTime();
        Path runDir = createRunDirectory();
        PlaybookResult result;
        try {
            result = runIn(runDir, invocation, redactor, progress, started);
        } catch (RuntimeException e) {
            try {
                deleteTree(runDir);
            } catch (PxciException leftover) {
                e.addSuppressed(leftover);
            }
            throw e;
        }
        deleteTree(runDir);
        return result;
    }

    private PlaybookResult runIn(Path runDir, PlaybookInvocation invocation, Redactor redactor, OutputListener progress,
            long started) {
        try {
            Path vars = runDir.resolve("vars.json");
            invocation.variables().writeTo(vars);
            Path inventory = runDir.resolve("inventory.json");
            new ExtraVars().putAll(invocation.inventory().content()).writeTo(inventory);
            Files.createDirectory(runDir.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(invocation.argv(executable, inventory, vars))
                    .directory(invocation.workingDirectory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(ChildEnvironment.build(inheritedEnvironment, invocation.variables().secrets(), runDir,
                    invocation.inventory().localOnly(), invocation.environment()));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw AnsibleProblems.notInstalled(executable, e);
            }
            return await(invocation, process, redactor, progress, started);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, invocation.purpose() + ": cannot prepare the run directory " + runDir + ": "
                    + e.getMessage(), null, e);
        }
    }

    private PlaybookResult await(PlaybookInvocation invocation, Process process, Redactor redactor,
            OutputListener progress, long started) {
        List<TaskResult> results = Collections.synchronizedList(new ArrayList<>());
        Map<String, HostStats> recap = Collections.synchronizedMap(new LinkedHashMap<>());
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread out = reader("stdout", process.getInputStream(), line -> {
            var event = JsonLines.parse(line);
            if (event.isEmpty()) {
                emit(progress, OutputChannel.STDOUT, redactor.apply(line));
                return;
            }
            if (event.get() instanceof PlaybookEvent.Result r) {
                results.add(redacted(r.result(), redactor));
            } else if (event.get() instanceof PlaybookEvent.Recap r) {
                recap.putAll(r.hosts());
            }
            emit(progress, OutputChannel.STDOUT, redactor.apply(ProgressLines.describe(event.get())));
        });
        Thread err = reader("stderr", process.getErrorStream(), line -> {
            String clean = redactor.apply(line);
            synchronized (stderrTail) {
                stderrTail.addLast(clean);
                if (stderrTail.size() > STDERR_TAIL) {
                    stderrTail.removeFirst();
                }
            }
            emit(progress, OutputChannel.STDERR, clean);
        });
        try {
            if (!process.waitFor(invocation.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(process.toHandle());
                drain(out, err);
                throw AnsibleProblems.timedOut(invocation.purpose(), invocation.timeout());
            }
            drain(out, err);
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            throw AnsibleProblems.cancelled(invocation.purpose());
        } finally {
            if (process.isAlive()) {
                ProcessTree.kill(process.toHandle());
            }
        }
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return new PlaybookResult(process.exitValue(), List.copyOf(results), Map.copyOf(recap), tail,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Module results may echo secrets a playbook handled without no_log; keep them out of what the adapter holds. */
    private static TaskResult redacted(TaskResult result, Redactor redactor) {
        String raw = result.result().toString();
        if (!redactor.revealsAny(raw) && !redactor.revealsAny(result.message())) {
            return result;
        }
        try {
            return new TaskResult(result.task(), result.host(), result.status(), redactor.apply(result.message()),
                    JSON.readTree(redactor.apply(raw)));
        } catch (IOException e) {
            return new TaskResult(result.task(), result.host(), result.status(), redactor.apply(result.message()),
                    JSON.createObjectNode());
        }
    }

    private static void emit(OutputListener progress, OutputChannel channel, String line) {
        try {
            progress.onLine(channel, line);
        } catch (RuntimeException e) {
            // a listener must not throw; if one does, the run goes on without it
        }
    }

    private static Thread reader(String name, InputStream stream, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; nothing more to read
            }
        }, "pxci-ansible-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drain(Thread... readers) throws InterruptedException {
        long deadline = System.nanoTime() + READER_DRAIN.toNanos();
        for (Thread t : readers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    private static Path createRunDirectory() {
        try {
            return Files.createTempDirectory("pxci-ansible-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot create a private run directory for ansible-playbook: " + e.getMessage(),
                    "check that java.io.tmpdir is writable", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // reported below if the directory survives
                }
            });
        } catch (IOException e) {
            // fall through to the check
        }
        if (Files.exists(root)) {
            throw new PxciException(ErrorCode.FAILED, "could not remove the ansible run directory " + root
                    + ", which holds the run's variables", "remove it by hand: rm -rf " + root);
        }
    }
}
