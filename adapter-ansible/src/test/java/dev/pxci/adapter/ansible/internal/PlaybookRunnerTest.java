package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.shell.OutputChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real ansible-playbook on tiny playbooks against this machine (connection local). */
class PlaybookRunnerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final PlaybookRunner runner = new PlaybookRunner();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Test
    void countsChangedOkAndSkippedTasksPerHost() throws IOException {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: runs a command
                      ansible.builtin.command: "true"
                    - name: says hello
                      ansible.builtin.debug:
                        msg: hello
                    - name: never runs
                      ansible.builtin.debug:
                        msg: nothing
                      when: false
                """);

        PlaybookResult result = runner.run(invocation(playbook, new ExtraVars(), false), (c, l) -> lines.add(l));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.changed()).extracting(TaskResult::task).containsExactly("runs a command");
        assertThat(result.succeededTasks()).isEqualTo(2);
        assertThat(result.lastResultOf("never runs")).map(TaskResult::status).contains(TaskStatus.SKIPPED);
        assertThat(result.lastResultOf("says hello")).map(TaskResult::message).contains("hello");
        assertThat(result.recap().get("localhost")).isEqualTo(new HostStats(2, 1, 0, 0, 1, 0, 0));
        assertThat(lines).contains("TASK [runs a command]", "changed: [localhost]", "ok: [localhost]", "skipping: [localhost]");
    }

    @Test
    void failedTaskCarriesTheModuleMessageWithSecretsRemoved() throws IOException {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: refuses
                      ansible.builtin.fail:
                        msg: "the token {{ api_secret }} was refused by the node"
                    - name: never reached
                      ansible.builtin.debug:
                        msg: after
                """);
        ExtraVars vars = new ExtraVars().put("api_secret", Secret.of("s3cr3t-value-42"));

        PlaybookResult result = runner.run(invocation(playbook, vars, false), (c, l) -> lines.add(l));
        PxciException error = AnsibleProblems.failure("test run", result, FailureTranslator.NONE);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.lastResultOf("never reached")).isEmpty();
        assertThat(error.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(error.getMessage()).isEqualTo("test run: task 'refuses' failed on localhost: the token *** was refused by the node");
        assertThat(lines).anyMatch(l -> l.contains("failed: [localhost]: the token *** was refused"));
        assertThat(lines).noneMatch(l -> l.contains("s3cr3t-value-42"));
        assertThat(result.results().toString()).doesNotContain("s3cr3t-value-42");
    }

    @Test
    void aSecretThatIsAPrefixOfAnotherLeavesNoPartOfTheLongerInOutputOrResults() throws IOException {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    both: "{{ short_secret }} and {{ long_secret }}"
                  tasks:
                    - name: refuses both
                      ansible.builtin.fail: {msg: "{{ both }}"}
                """);
        ExtraVars vars = new ExtraVars().put("short_secret", Secret.of("s3cr3t"))
                .put("long_secret", Secret.of("s3cr3t-value-42"));

        PlaybookResult result = runner.run(invocation(playbook, vars, false), (c, l) -> lines.add(l));

        assertThat(result.lastResultOf("refuses both")).map(TaskResult::message).contains("*** and ***");
        assertThat(lines).anyMatch(l -> l.contains("*** and ***")).noneMatch(l -> l.contains("-value-42"));
        assertThat(result.results().toString()).doesNotContain("-value-42");
    }

    @Test
    void ignoredFailureDoesNotFailTheRun() throws IOException {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: fails but is ignored
                      ansible.builtin.command: "false"
                      ignore_errors: true
                    - name: goes on
                      ansible.builtin.debug:
                        msg: after
                """);

        PlaybookResult result = runner.run(invocation(playbook, new ExtraVars(), false), (c, l) -> { });

        assertThat(result.succeeded()).isTrue();
        assertThat(result.decisiveFailure()).isEmpty();
        assertThat(result.lastResultOf("goes on")).map(TaskResult::status).contains(TaskStatus.OK);
    }

    @Test
    void checkModeReportsWhatWouldChangeAndChangesNothing() throws IOException {
        Path target = dir.resolve("written.txt");
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: write a file
                      ansible.builtin.copy:
                        content: "hello\\n"
                        dest: "{{ target }}"
                """);
        ExtraVars vars = new ExtraVars().put("target", target.toString());

        PlaybookResult checked = runner.run(invocation(playbook, vars, true), (c, l) -> { });
        assertThat(checked.changed()).hasSize(1);
        assertThat(target).doesNotExist();

        PlaybookResult applied = runner.run(invocation(playbook, vars, false), (c, l) -> { });
        assertThat(applied.changed()).hasSize(1);
        assertThat(target).hasContent("hello");

        PlaybookResult again = runner.run(invocation(playbook, vars, false), (c, l) -> { });
        assertThat(again.changed()).isEmpty();
        assertThat(again.succeededTasks()).isEqualTo(1);
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: takes too long
                      ansible.builtin.command: sleep 120
                """);
        Map<ProcessHandle, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !seen.containsValue("sleep")) {
                ProcessHandle.current().descendants().forEach(p -> seen.put(p, isSleep(p) ? "sleep" : "other"));
                Thread.onSpinWait();
            }
        });
        PlaybookInvocation slow = new PlaybookInvocation("slow run", dir, List.of(playbook), Inventory.localhost(),
                new ExtraVars(), false, List.of(), Map.of(), Duration.ofSeconds(4));

        assertThatThrownBy(() -> runner.run(slow, (c, l) -> { }))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> assertThat(((PxciException) e).code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("did not finish within 4 s");
        watcher.join();

        assertThat(seen).containsValue("sleep");
        assertThat(seen.size()).as("ansible-playbook, a worker, the module's interpreter and sleep").isGreaterThanOrEqualTo(3);
        assertThat(seen.keySet()).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void interruptingTheCallerKillsTheProcessTreeAndReportsCancellation() throws Exception {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: waits
                      ansible.builtin.command: sleep 120
                """);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(invocation(playbook, new ExtraVars(), false), (c, l) -> { });
            } catch (RuntimeException e) {
                thrown.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        ProcessHandle sleep = awaitDescendant(PlaybookRunnerTest::isSleep);

        caller.interrupt();
        caller.join(Duration.ofSeconds(30).toMillis());

        assertThat(thrown.get()).isInstanceOf(PxciException.class).hasMessageContaining("cancelled");
        assertThat(interruptKept.get()).isTrue();
        assertThat(sleep.isAlive()).isFalse();
    }

    @Test
    void secretsReachTheChildOnlyThroughAPrivateFileThatIsRemovedAfterwards() throws Exception {
        String secret = "pxci-secret-" + System.nanoTime();
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: hands the secret to a long command on its standard input
                      ansible.builtin.command:
                        cmd: sleep 3
                        stdin: "{{ api_secret }}"
                      no_log: true
                    - name: shows a harmless value
                      ansible.builtin.debug:
                        msg: "done with {{ api_secret | length }} characters"
                """);
        ExtraVars vars = new ExtraVars().put("api_secret", Secret.of(secret)).put("plain", "visible");
        AtomicReference<List<String>> leaks = new AtomicReference<>(List.of());
        AtomicReference<Path> varsFile = new AtomicReference<>();
        AtomicReference<Set<PosixFilePermission>> varsMode = new AtomicReference<>();
        CompletableFuture<Void> inspector = CompletableFuture.runAsync(() -> {
            ProcessHandle sleep = awaitDescendant(PlaybookRunnerTest::isSleep);
            List<String> found = new ArrayList<>();
            for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
                for (String file : List.of("cmdline", "environ")) {
                    readProc(p, file).filter(s -> s.contains(secret)).ifPresent(s -> found.add(p.pid() + "/" + file));
                }
                p.info().arguments().ifPresent(args -> Stream.of(args).filter(a -> a.startsWith("@"))
                        .forEach(a -> varsFile.set(Path.of(a.substring(1)))));
            }
            try {
                varsMode.set(Files.getPosixFilePermissions(varsFile.get()));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("vars file not readable while " + sleep + " runs", e);
            }
            leaks.set(found);
        });

        PlaybookResult result = runner.run(invocation(playbook, vars, false), (c, l) -> lines.add(l));
        inspector.join();

        assertThat(result.succeeded()).isTrue();
        assertThat(leaks.get()).as("processes with the secret in argv or environment").isEmpty();
        assertThat(varsMode.get()).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(varsFile.get()).doesNotExist();
        assertThat(varsFile.get().getParent()).doesNotExist();
        assertThat(String.join("\n", lines)).doesNotContain(secret).contains("ok: [localhost]");
        assertThat(result.results().toString()).doesNotContain(secret);
        assertThat(result.lastResultOf("shows a harmless value")).map(TaskResult::message)
                .contains("done with " + secret.length() + " characters");
    }

    @Test
    void missingProgramIsAMissingDependencyNamingTheDebianPackage() throws IOException {
        Path playbook = playbook("- hosts: localhost\n  gather_facts: false\n  tasks: []\n");
        PlaybookRunner missing = new PlaybookRunner(dir.resolve("no-such-ansible-playbook").toString(), System.getenv());

        assertThatThrownBy(() -> missing.run(invocation(playbook, new ExtraVars(), false), (c, l) -> { }))
                .isInstanceOf(PxciException.class)
                .satisfies(e -> {
                    PxciException p = (PxciException) e;
                    assertThat(p.code()).isEqualTo(ErrorCode.MISSING_DEPENDENCY);
                    assertThat(p.hint()).hasValueSatisfying(h -> assertThat(h).contains("apt-get install ansible"));
                });
    }

    @Test
    void missingCollectionIsAMissingDependencyNamingIt() throws IOException {
        Path playbook = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: uses a module nobody installed
                      pxcitest.nowhere.frobnicate:
                        level: 3
                """);

        PlaybookResult result = runner.run(invocation(playbook, new ExtraVars(), false), (c, l) -> { });
        PxciException error = AnsibleProblems.failure("test run", result, FailureTranslator.NONE);

        assertThat(error.code()).isEqualTo(ErrorCode.MISSING_DEPENDENCY);
        assertThat(error.getMessage()).contains("pxcitest.nowhere.frobnicate");
        assertThat(error.hint()).hasValueSatisfying(h -> assertThat(h).contains("ansible-galaxy collection install pxcitest.nowhere"));
    }

    @Test
    void brokenPlaybookIsInvalidInputWithAnsiblesOwnWords() throws IOException {
        Path playbook = playbook("- hosts: localhost\n  tasks:\n    - name: x\n      ansible.builtin.debug: msg=x\n     bad: indent\n");

        PlaybookResult result = runner.run(invocation(playbook, new ExtraVars(), false), (c, l) -> { });
        PxciException error = AnsibleProblems.failure("test run", result, FailureTranslator.NONE);

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(error.getMessage()).contains("ERROR!");
    }

    private PlaybookInvocation invocation(Path playbook, ExtraVars vars, boolean check) {
        return new PlaybookInvocation("test run", dir, List.of(playbook), Inventory.localhost(), vars, check, List.of(),
                Map.of(), TIMEOUT);
    }

    private Path playbook(String text) throws IOException {
        Path file = Files.createTempFile(dir, "playbook-", ".yml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static boolean isSleep(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/sleep")).orElse(false);
    }

    private static ProcessHandle awaitDescendant(java.util.function.Predicate<ProcessHandle> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = ProcessHandle.current().descendants().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no such child process appeared within 30 s");
    }

    private static Optional<String> readProc(ProcessHandle p, String file) {
        try {
            return Optional.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), file)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
