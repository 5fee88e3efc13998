package dev.pxci.ports.platform;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The line a platform adapter adds to a container's free-text description when pxci creates it,
 * {@code pxci run <run id>}, and how it is recognised later, so that pxci can tell its own
 * containers from anyone else's ({@link Origin}).
 */
public final class CreationMark {
    private static final Pattern MARK = Pattern.compile("(?m)^pxci run [0-9A-Za-z-]{1,64}\\s*$");

    private CreationMark() {
    }

    /** The mark of the run {@code runId} (letters, digits and dashes). */
    public static String of(String runId) {
        String mark = "pxci run " + Objects.requireNonNull(runId, "runId");
        if (!MARK.matcher(mark).matches()) {
            throw new IllegalArgumentException("a run id is 1 to 64 letters, digits or dashes: " + runId);
        }
        return mark;
    }

    /**
     * The origin of a container with this description: {@link Origin#PXCI} when a line of it is a
     * mark; {@link Origin#UNKNOWN} while it is being created ({@code lock} {@code create}: its
     * description is not written yet); else {@link Origin#FOREIGN}.
     */
    public static Origin originOf(String description, Optional<String> lock) {
        if (description != null && MARK.matcher(description).find()) {
            return Origin.PXCI;
        }
        return lock.filter("create"::equals).isPresent() ? Origin.UNKNOWN : Origin.FOREIGN;
    }
}
