package dev.pxci.domain.fakes;

import dev.pxci.ports.Change;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.ForgeInfo;
import dev.pxci.ports.forge.ForgeScope;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.forge.RepositorySettings;
import dev.pxci.ports.forge.WorkflowRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** A forge stand-in that keeps what was ensured and pushed, and records pushes in order. */
public final class RecordingForge implements Forge {
    public final List<String> pushes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> objects = new HashSet<>();
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> branches = new HashMap<>();

    @Override
    public ForgeInfo info() {
        return new ForgeInfo("Gitea", "1.26.1", Set.of(), List.of());
    }

    @Override
    public Change ensureOrganization(String name) {
        return objects.add("org " + name) ? Change.CREATED : Change.UNCHANGED;
    }

    @Override
    public Change ensureRepository(RepositoryRef repository, RepositorySettings settings) {
        return objects.add("repo " + repository) ? Change.CREATED : Change.UNCHANGED;
    }

    @Override
    public Change putSecret(ForgeScope scope, String name, Secret value) {
        return objects.add("secret " + name) ? Change.CREATED : Change.UPDATED;
    }

    @Override
    public Change putVariable(ForgeScope scope, String name, String value) {
        String old = variables.put(name, value);
        return old == null ? Change.CREATED : old.equals(value) ? Change.UNCHANGED : Change.UPDATED;
    }

    @Override
    public PushResult push(PushRequest request) {
        String key = request.repository() + "@" + request.branch();
        String tree = request.tree().toString();
        String old = branches.put(key, tree);
        pushes.add(key + " " + request.message());
        Change change = old == null ? Change.CREATED : old.equals(tree) ? Change.UNCHANGED : Change.UPDATED;
        return new PushResult(change, "c" + pushes.size(), "t-" + tree.hashCode());
    }

    @Override
    public Optional<WorkflowRun> latestRun(RepositoryRef repository, String branch) {
        return branches.containsKey(repository + "@" + branch)
                ? Optional.of(new WorkflowRun(1, "queued", Optional.empty(), "http://forge/runs/1")) : Optional.empty();
    }

    @Override
    public WorkflowRun follow(RepositoryRef repository, long runId, Duration deadline, Consumer<WorkflowRun> onChange) {
        WorkflowRun done = new WorkflowRun(runId, "completed", Optional.of("success"), "http://forge/runs/" + runId);
        onChange.accept(done);
        return done;
    }

    @Override
    public void close() {
    }
}
