package dev.pxci.acceptance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user pastes into an issue: the versions seen, the preflight's verdicts, each check with
 * its outcome and timing, and what was cleaned up. Markdown; never a secret (everything that goes
 * in passes through {@link Settings#scrub}). Thread-safe.
 */
final class Report {

    enum Outcome { PASSED, FAILED, SKIPPED }

    /** One check. */
    record Check(String name, Outcome outcome, Duration elapsed, String detail) {
    }

    private final Settings settings;
    private final Instant started = Instant.now();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private final List<Preflight.Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> cleanup = new ArrayList<>();

    Report(Settings settings) {
        this.settings = settings;
    }

    synchronized void version(String system, String version) {
        versions.put(system, settings.scrub(version));
    }

    synchronized void preflight(Preflight.Result result) {
        verdicts.addAll(result.verdicts().values());
        notes.addAll(result.notes());
    }

    synchronized void note(String note) {
        notes.add(settings.scrub(note));
    }

    synchronized Check add(Check check) {
        Check scrubbed = new Check(check.name(), check.outcome(), check.elapsed(), settings.scrub(check.detail()));
        checks.add(scrubbed);
        return scrubbed;
    }

    synchronized void cleaned(List<String> lines) {
        lines.forEach(line -> cleanup.add(settings.scrub(line)));
    }

    synchronized boolean failed() {
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.FAILED);
    }

    synchronized boolean skippedAny() {
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.SKIPPED);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder("## pxci acceptance report\n\n");
        out.append("- started: ").append(started).append('\n');
        versions.forEach((system, version) -> out.append("- ").append(system).append(": ").append(version).append('\n'));
        out.append("- target: ").append(settings.url()).append(", node ").append(settings.node()).append(", storage ")
                .append(settings.storage()).append(", template ").append(settings.template()).append(", ids ")
                .append(settings.ids()).append('\n');
        out.append("- token: ").append(settings.tokenId()).append(" (secret not shown)\n");
        if (!verdicts.isEmpty()) {
            out.append("\n### Preflight: what will work with this token and cluster\n\n| feature | works | why not |\n|---|---|---|\n");
            for (Preflight.Verdict v : verdicts) {
                out.append("| ").append(v.feature().description()).append(" | ").append(v.works() ? "yes" : "no")
                        .append(" | ").append(cell(v.why())).append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- note: ").append(n).append('\n'));
        }
        out.append("\n### Checks\n\n| check | outcome | seconds | detail |\n|---|---|---|---|\n");
        for (Check c : checks) {
            out.append("| ").append(c.name()).append(" | ").append(c.outcome().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", c.elapsed().toMillis() / 1000.0))
                    .append(" | ").append(cell(c.detail())).append(" |\n");
        }
        long passed = checks.stream().filter(c -> c.outcome() == Outcome.PASSED).count();
        long failed = checks.stream().filter(c -> c.outcome() == Outcome.FAILED).count();
        long skipped = checks.stream().filter(c -> c.outcome() == Outcome.SKIPPED).count();
        out.append("\n").append(passed).append(" passed, ").append(failed).append(" failed, ").append(skipped)
                .append(" skipped in ").append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n");
        if (!cleanup.isEmpty()) {
            out.append("\n### Cleanup\n\n");
            cleanup.forEach(line -> out.append("- ").append(line).append('\n'));
        }
        return settings.scrub(out.toString());
    }

    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
