package dev.pxci.domain.plan;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.platform.InPlace;
import dev.pxci.ports.platform.ObservedContainer;
import dev.pxci.ports.platform.PowerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What provisioning one container takes: create it, change it in place, replace it, only start
 * it, or nothing. A replacement that the declaration does not allow is {@link #blocked()}.
 */
public record ContainerPlan(
        ContainerDeclaration declaration, Optional<ObservedContainer> observed, Action action, List<FieldChange> changes) {

    /** The kind of work. */
    public enum Action {
        CREATE,
        REPLACE,
        UPDATE,
        START,
        NONE
    }

    public ContainerPlan {
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(action, "action");
        changes = List.copyOf(changes);
    }

    /** Plans one container from what was observed (empty when it does not exist) for a platform that changes all in place. */
    public static ContainerPlan of(ContainerDeclaration declaration, Optional<ObservedContainer> observed) {
        return of(declaration, observed, InPlace.ALL);
    }

    /**
     * Plans one container from what was observed (empty when it does not exist); a difference
     * that {@code inPlace} says the platform cannot make on the existing container needs replacement.
     */
    public static ContainerPlan of(ContainerDeclaration declaration, Optional<ObservedContainer> observed, InPlace inPlace) {
        if (observed.isEmpty()) {
            return new ContainerPlan(declaration, observed, Action.CREATE, List.of());
        }
        ObservedContainer o = observed.get();
        List<FieldChange> changes = new ArrayList<>();
        for (FieldChange change : ConfigDiff.between(o.config(), declaration.spec().config())) {
            changes.add(platformAllows(change, inPlace) ? change : change.replacing(inPlace.limitation()));
        }
        if (!o.ref().node().equals(declaration.spec().node())
                && !declaration.spec().node().equals(dev.pxci.ports.platform.ContainerSpec.AUTO_NODE)) {
            changes.add(new FieldChange("node", o.ref().node(), declaration.spec().node(), Mutability.REPLACE));
        }
        boolean replace = changes.stream().anyMatch(c -> c.mutability() == Mutability.REPLACE);
        boolean startNeeded = declaration.spec().running() && o.power() != PowerState.RUNNING;
        if (startNeeded) {
            changes.add(new FieldChange("status", o.power().name().toLowerCase(java.util.Locale.ROOT), "running",
                    Mutability.IN_PLACE));
        }
        Action action = replace ? Action.REPLACE
                : changes.size() > (startNeeded ? 1 : 0) ? Action.UPDATE
                : startNeeded ? Action.START
                : Action.NONE;
        return new ContainerPlan(declaration, observed, action, changes);
    }

    /** Whether the platform can make {@code change} as planned: a replacement always, an in-place change if it changes such settings. */
    private static boolean platformAllows(FieldChange change, InPlace inPlace) {
        if (change.mutability() == Mutability.REPLACE) {
            return true;
        }
        if (change.field().equals("rootfs.size")) {
            return inPlace.diskGrowth();
        }
        return change.field().startsWith("mp") ? inPlace.mountPoints() : inPlace.settings();
    }

    /** A replacement is needed but the declaration does not allow it ({@code TERMINATE=no}). */
    public boolean blocked() {
        return action == Action.REPLACE && !declaration.replaceAllowed();
    }

    /** What the plan would change, one line each. */
    public List<String> describeChanges() {
        if (action == Action.CREATE) {
            return List.of("create CT " + declaration.spec().vmid() + " (" + declaration.spec().config().hostname()
                    + ") on " + declaration.spec().node());
        }
        return changes.stream().map(FieldChange::toString).toList();
    }
}
