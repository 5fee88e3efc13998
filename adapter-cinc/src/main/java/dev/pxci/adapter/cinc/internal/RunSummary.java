package dev.pxci.adapter.cinc.internal;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-of-run line of the doc formatter, the fallback when no report file was written. Knows
 * the current form ({@code Infra Phase complete, 3/12 resources updated in 05 seconds}), the
 * older {@code <Product> finished, 3/12 resources updated ...}, their why-run variants ({@code would
 * have been updated}) and the failure lines, which carry only the updated count.
 *
 * @param updated resources updated (or that would have been)
 * @param total resources looked at; empty on a failure line
 * @param failed whether this is a failure line
 */
public record RunSummary(int updated, OptionalInt total, boolean failed) {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern COMPLETE = Pattern.compile(
            "(?:Infra Phase complete|\\S.* finished), (\\d+)/(\\d+) resources (?:would have been )?updated");
    private static final Pattern FAILED = Pattern.compile(
            "(?:Infra Phase failed|\\S.* failed)\\. (\\d+) resources (?:would have been )?updated");

    /** The summary in {@code line}, if it is one. */
    public static Optional<RunSummary> parse(String line) {
        String plain = ANSI.matcher(line).replaceAll("");
        Matcher complete = COMPLETE.matcher(plain);
        if (complete.find()) {
            return Optional.of(new RunSummary(Integer.parseInt(complete.group(1)),
                    OptionalInt.of(Integer.parseInt(complete.group(2))), false));
        }
        Matcher failed = FAILED.matcher(plain);
        if (failed.find()) {
            return Optional.of(new RunSummary(Integer.parseInt(failed.group(1)), OptionalInt.empty(), true));
        }
        return Optional.empty();
    }
}
