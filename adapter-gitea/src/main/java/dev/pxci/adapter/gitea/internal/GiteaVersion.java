package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.forge.ForgeFeature;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gitea release as {@code GET /api/v1/version} reports it, and what its API offers. The
 * thresholds come from the published OpenAPI documents (1.21.1, 1.24.7, 1.25.5, 1.26.1); 1.22 and
 * 1.23 were not compared and are taken to be like 1.24 for variables and runner tokens, while the
 * workflow API is only claimed from 1.24, the first release whose document shows it.
 */
public record GiteaVersion(int major, int minor, int patch, String text) implements Comparable<GiteaVersion> {
    private static final Pattern NUMBERS = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    /** Parses {@code 1.26.1}, {@code 1.26.1+dev-12-gabc}, {@code v1.22.0-rc1}, or Forgejo's {@code 7.0.0+gitea-1.21.0}. */
    public static GiteaVersion parse(String text) {
        String raw = text == null ? "" : text.trim();
        int compatible = raw.indexOf("+gitea-");
        String numbers = compatible >= 0 ? raw.substring(compatible + "+gitea-".length()) : raw;
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.matches()) {
            throw new PxciException(ErrorCode.UNSUPPORTED, "cannot tell the Gitea release from the version '"
                    + raw + "'", "check that gitea.url points at Gitea's root URL");
        }
        return new GiteaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), raw);
    }

    public boolean atLeast(int wantedMajor, int wantedMinor) {
        return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
    }

    public Set<ForgeFeature> features() {
        Set<ForgeFeature> features = EnumSet.noneOf(ForgeFeature.class);
        if (atLeast(1, 20)) {
            features.add(ForgeFeature.ACTIONS_SECRETS);
        }
        if (atLeast(1, 22)) {
            features.add(ForgeFeature.ACTIONS_VARIABLES);
        }
        if (atLeast(1, 25)) {
            features.add(ForgeFeature.WORKFLOW_RUNS_API);
        }
        return features;
    }

    /** Before 1.25 Gitea wrongly rejected every secret or variable name starting with {@code CI} (#34996). */
    public boolean rejectsNamesStartingWithCi() {
        return !atLeast(1, 25);
    }

    @Override
    public int compareTo(GiteaVersion o) {
        return major != o.major ? Integer.compare(major, o.major)
                : minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return text;
    }
}
