package dev.pxci.domain.stage;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether self-replication may trigger the pipeline in a target: not when the depth limit
 * is reached, and never when the target is the container this run is itself running in.
 *
 * @param depth how deep this run is (0 = started by a person, 1 = started by a replicated pipeline, ...)
 * @param maxDepth the deepest level that may still trigger another
 * @param self the container this run executes in ({@code node/vmid}), when it runs inside one
 */
public record RecursionGuard(int depth, int maxDepth, Optional<String> self) {
    public RecursionGuard {
        if (depth < 0 || maxDepth < 0) {
            throw new IllegalArgumentException("depths must not be negative");
        }
        Objects.requireNonNull(self, "self");
    }

    /** The guard's decision for one target, with its reason (kept in the run report). */
    public record Decision(boolean trigger, String reason) {
    }

    /** The guard's decision for one target: every reason that forbids it, or why it may trigger. */
    public Decision decide(String target) {
        java.util.List<String> against = new java.util.ArrayList<>();
        if (depth >= maxDepth) {
            against.add("depth " + depth + " reached the limit " + maxDepth);
        }
        if (isSelf(target)) {
            against.add("the target " + target + " is the container this run executes in");
        }
        if (!against.isEmpty()) {
            return new Decision(false, "not triggered: " + String.join("; ", against));
        }
        return new Decision(true, "may trigger: the run there would be at depth " + (depth + 1) + " of at most " + maxDepth);
    }

    /** Whether the target is the container this run executes in: its forge runs this very pipeline. */
    public boolean isSelf(String target) {
        return self.isPresent() && self.get().equals(target);
    }
}
