package dev.pxci.ports.forge;

import java.util.Objects;

/**
 * What a push did.
 *
 * @param change {@code CREATED} for a new branch, {@code UPDATED} for a new commit on it,
 *     {@code UNCHANGED} when the branch already held the same tree
 * @param commitId the branch's head after the push
 * @param treeId the tree of that commit
 */
public record PushResult(dev.pxci.ports.Change change, String commitId, String treeId) {
    public PushResult {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(treeId, "treeId");
    }
}
