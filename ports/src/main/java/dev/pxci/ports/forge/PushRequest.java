package dev.pxci.ports.forge;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Push the contents of a local directory as one commit on a branch. A branch that holds commits
 * pxci did not make is never overwritten unless {@code force} is set.
 *
 * @param tree local directory whose files become the commit's tree ({@code .git} excluded)
 * @param repository where to push
 * @param branch the branch to update
 * @param message commit message
 * @param author commit author and committer
 * @param force allow replacing commits made by others
 */
public record PushRequest(
        Path tree, RepositoryRef repository, String branch, String message, CommitAuthor author, boolean force) {
    public PushRequest {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(author, "author");
    }
}
