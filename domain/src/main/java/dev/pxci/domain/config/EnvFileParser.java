package dev.pxci.domain.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed's {@code config.env} format: {@code KEY=value} lines, optionally prefixed with
 * {@code export}, values optionally in single or double quotes, {@code #} comments and blank lines.
 * A line that is none of these, or a key given twice, is an error naming file and line.
 */
public final class EnvFileParser {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

    private EnvFileParser() {
    }

    /** The entries of one file, keyed by key, in file order. */
    public static Map<String, EnvEntry> parse(SourceText source) {
        Map<String, EnvEntry> entries = new LinkedHashMap<>();
        String content = source.content();
        String[] lines = (content.startsWith(BYTE_ORDER_MARK) ? content.substring(1) : content).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) {
                throw ConfigError.at(source.name(), lineNo, "cannot read '" + trimmed + "'",
                        "each line is KEY=value, a # comment or blank");
            }
            String key = m.group(1);
            String value = unquote(source.name(), lineNo, m.group(2));
            EnvEntry previous = entries.get(key);
            if (previous != null) {
                throw ConfigError.at(source.name(), lineNo, "duplicate key " + key + " (first set on line "
                        + previous.line() + ")", "give each key once");
            }
            entries.put(key, new EnvEntry(source.name(), lineNo, key, value));
        }
        return entries;
    }

    private static String unquote(String file, int line, String value) {
        if (value.startsWith("\"") || value.startsWith("'")) {
            int close = value.indexOf(value.charAt(0), 1);
            if (close < 0) {
                throw ConfigError.at(file, line, "unterminated quote in " + value, "close the quote");
            }
            String rest = value.substring(close + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw ConfigError.at(file, line, "text after the closing quote: " + rest,
                        "put the whole value inside the quotes; a # comment may follow");
            }
            return value.substring(1, close);
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }
}
