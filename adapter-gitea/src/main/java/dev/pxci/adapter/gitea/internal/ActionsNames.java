package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Gitea's rules for Actions secret and variable names ({@code services/secrets/validation.go}),
 * checked before anything is sent, and the rule for owner and repository names that keeps them
 * safe to put in a URL path.
 */
public final class ActionsNames {
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern OWNER_OR_REPO = Pattern.compile("[A-Za-z0-9_.-]+");

    private ActionsNames() {
    }

    /** The name as Gitea stores it (upper case), or {@code INVALID_INPUT} saying which rule it breaks. */
    public static String secretOrVariable(String kind, String name, GiteaVersion version) {
        if (name == null || !SECRET_NAME.matcher(name).matches()) {
            throw invalid(kind, name, "it must match [A-Z_][A-Z0-9_]* (letters, digits and _, not starting with a digit)");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GITEA_") || upper.startsWith("GITHUB_")) {
            throw invalid(kind, name, "names starting with GITEA_ or GITHUB_ are reserved");
        }
        if (upper.equals("CI")) {
            throw invalid(kind, name, "CI is reserved");
        }
        if (upper.startsWith("CI") && version.rejectsNamesStartingWithCi()) {
            throw invalid(kind, name, "Gitea " + version + " rejects every name starting with CI (a bug fixed in 1.25)");
        }
        return upper;
    }

    /** An organisation, user or repository name, or {@code INVALID_INPUT}. */
    public static String ownerOrRepository(String what, String name) {
        if (name == null || !OWNER_OR_REPO.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the " + what + " name '" + name + "' is not valid for Gitea",
                    "use letters, digits, '-', '_' and '.'");
        }
        return name;
    }

    private static PxciException invalid(String kind, String name, String rule) {
        return new PxciException(ErrorCode.INVALID_INPUT, "the Actions " + kind + " name '" + name
                + "' is not accepted by Gitea: " + rule, "rename the " + kind);
    }
}
