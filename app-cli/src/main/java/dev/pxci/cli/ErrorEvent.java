package dev.pxci.cli;

import dev.pxci.ports.PxciException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * An error as the {@code error} event of {@code --output json}: its code ({@code usage} for a
 * malformed command line, else the {@link dev.pxci.ports.ErrorCode} in lower case), the message,
 * the file and line it names (errors about a file begin {@code file:line: } or {@code file: } by
 * convention; null when it names none), the hint and the exit code.
 */
record ErrorEvent(String code, String message, Optional<String> file, Optional<Integer> line, Optional<String> hint,
                  int exitCode) {
    /** {@code path:12: text} or {@code path: text}, where the path has a dot or a slash and no blank. */
    private static final Pattern LOCATED = Pattern.compile("(?s)([^\\s:]*[./][^\\s:]*)(?::(\\d+))?: (.+)");

    static ErrorEvent of(Throwable e, int exitCode) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String code = e instanceof PxciException p ? p.code().name().toLowerCase(Locale.ROOT)
                : e instanceof CommandLine.ParameterException ? "usage" : "internal";
        Optional<String> hint = e instanceof PxciException p ? p.hint() : Optional.empty();
        Matcher m = LOCATED.matcher(text);
        if (m.matches()) {
            return new ErrorEvent(code, m.group(3), Optional.of(m.group(1)),
                    Optional.ofNullable(m.group(2)).map(Integer::valueOf), hint, exitCode);
        }
        return new ErrorEvent(code, text, Optional.empty(), Optional.empty(), hint, exitCode);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", java.time.Instant.now().toString());
        m.put("event", "error");
        m.put("code", code);
        m.put("message", message);
        m.put("file", file.orElse(null));
        m.put("line", line.orElse(null));
        m.put("hint", hint.orElse(null));
        m.put("exit_code", exitCode);
        return m;
    }

    /** Whether a command line asks for JSON output ({@code --output json} or {@code --output=json}), parsed or not. */
    static boolean requested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--output=json") || a.equals("--output") && i + 1 < args.size() && args.get(i + 1).equals("json")) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }
}
