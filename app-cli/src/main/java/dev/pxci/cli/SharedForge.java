package dev.pxci.cli;

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
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A forge that several containers of one run share (a fixed {@code gitea.url}, or the sandbox's
 * one Gitea): its changes are made one at a time across all of them, so that containers
 * replicated in parallel do not race each other's pushes to the same branch (the second then finds
 * the tree already there) or each other's creation of the same organisation and repository. Reads,
 * and following a run, are not serialized.
 */
final class SharedForge implements Forge {
    private final Forge forge;
    private final Object changes;

    /** @param changes the monitor every forge of the run shares */
    SharedForge(Forge forge, Object changes) {
        this.forge = forge;
        this.changes = changes;
    }

    @Override
    public ForgeInfo info() {
        return forge.info();
    }

    @Override
    public Change ensureOrganization(String name) {
        synchronized (changes) {
            return forge.ensureOrganization(name);
        }
    }

    @Override
    public Change ensureRepository(RepositoryRef repository, RepositorySettings settings) {
        synchronized (changes) {
            return forge.ensureRepository(repository, settings);
        }
    }

    @Override
    public Change putSecret(ForgeScope scope, String name, Secret value) {
        synchronized (changes) {
            return forge.putSecret(scope, name, value);
        }
    }

    @Override
    public Change putVariable(ForgeScope scope, String name, String value) {
        synchronized (changes) {
            return forge.putVariable(scope, name, value);
        }
    }

    @Override
    public PushResult push(PushRequest request) {
        synchronized (changes) {
            return forge.push(request);
        }
    }

    @Override
    public Optional<WorkflowRun> latestRun(RepositoryRef repository, String branch) {
        return forge.latestRun(repository, branch);
    }

    @Override
    public WorkflowRun follow(RepositoryRef repository, long runId, Duration deadline, Consumer<WorkflowRun> onChange) {
        return forge.follow(repository, runId, deadline, onChange);
    }

    @Override
    public void close() {
        forge.close();
    }
}
