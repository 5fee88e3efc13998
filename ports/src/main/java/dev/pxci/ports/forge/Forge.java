package dev.pxci.ports.forge;

import dev.pxci.ports.Change;
import dev.pxci.ports.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A git forge with Actions (Gitea). The {@code ensure} methods and {@link #putVariable} are
 * create-or-get: calling one twice with the same input reports {@link Change#UNCHANGED} the second
 * time, and a changed value is updated, never silently kept. {@link #putSecret} is the exception:
 * a secret cannot be read back, so whether it already holds the value is unknowable, and every
 * put of an existing secret rewrites it and reports {@link Change#UPDATED}. Features the forge's
 * version lacks fail with {@code UNSUPPORTED}. Tokens never appear in URLs, logs or errors.
 * Thread-safe.
 */
public interface Forge extends AutoCloseable {

    /** Product, version and the features that version offers. */
    ForgeInfo info();

    /** Makes sure the organisation exists. */
    Change ensureOrganization(String name);

    /** Makes sure the repository exists with these settings; wrong settings are fixed. */
    Change ensureRepository(RepositoryRef repository, RepositorySettings settings);

    /**
     * Sets an Actions secret: {@code CREATED} when it did not exist; otherwise rewritten and
     * {@code UPDATED}, also when it held {@code value} already (a secret cannot be read back).
     */
    Change putSecret(ForgeScope scope, String name, Secret value);

    /** Sets an Actions variable; unchanged when it already holds {@code value}. */
    Change putVariable(ForgeScope scope, String name, String value);

    /** Pushes a local tree as one commit to a branch. */
    PushResult push(PushRequest request);

    /** The newest run for a branch, if any. */
    Optional<WorkflowRun> latestRun(RepositoryRef repository, String branch);

    /**
     * Follows a run until it completes or {@code deadline} passes ({@code TIMEOUT}), reporting each
     * status change to {@code onChange}; polls with backoff.
     */
    WorkflowRun follow(RepositoryRef repository, long runId, Duration deadline, Consumer<WorkflowRun> onChange);

    @Override
    void close();
}
