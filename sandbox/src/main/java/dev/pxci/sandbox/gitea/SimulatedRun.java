package dev.pxci.sandbox.gitea;

import java.util.Objects;
import java.util.Optional;

/**
 * An Actions run as the simulator holds it.
 *
 * @param id instance-wide run id (what the runs API calls {@code id})
 * @param runNumber the per-repository number shown in the web UI
 * @param workflowFile the workflow file name, {@code pipeline.yml}
 * @param event {@code push} or {@code workflow_dispatch}
 * @param branch the branch the run is for
 * @param headSha the commit the run is for
 * @param status {@code queued}, {@code in_progress} or {@code completed}
 * @param conclusion {@code success}, {@code failure}, ... once completed
 * @param actor the account that pushed or dispatched
 * @param createdAt when the run was made, ISO-8601
 */
public record SimulatedRun(long id, long runNumber, String owner, String repository, String workflowFile,
        String event, String branch, String headSha, String title, String status, Optional<String> conclusion,
        String actor, String createdAt) {
    public SimulatedRun {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(workflowFile, "workflowFile");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    SimulatedRun withStatus(String newStatus, Optional<String> newConclusion) {
        return new SimulatedRun(id, runNumber, owner, repository, workflowFile, event, branch, headSha, title,
                newStatus, newConclusion, actor, createdAt);
    }
}
