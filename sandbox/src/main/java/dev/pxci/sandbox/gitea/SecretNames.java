package dev.pxci.sandbox.gitea;

import java.util.Locale;
import java.util.regex.Pattern;

/** Gitea's check of Actions secret and variable names ({@code services/secrets/validation.go}). */
final class SecretNames {
    private static final Pattern NAME = Pattern.compile("^[A-Z_][A-Z0-9_]*$", Pattern.CASE_INSENSITIVE);

    private SecretNames() {
    }

    /** The stored (upper-case) name, or a 400 as Gitea answers it. */
    static String validate(String name, SimulatedVersion version) {
        String upper = name.toUpperCase(Locale.ROOT);
        boolean valid = NAME.matcher(name).matches()
                && !upper.startsWith("GITEA_") && !upper.startsWith("GITHUB_")
                && !upper.equals("CI")
                // before 1.25 a faulty check rejected every name starting with CI (go-gitea/gitea #34996)
                && !(version == SimulatedVersion.V1_24_7 && upper.startsWith("CI"));
        if (!valid) {
            throw new ApiException(400, "invalid variable or secret name");
        }
        return upper;
    }
}
