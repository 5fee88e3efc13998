package dev.pxci.sandbox.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line split the way Go's flag libraries read it (urfave/cli for Gitea, cobra for
 * act_runner): words that name the command, and flags as {@code --name value}, {@code
 * --name=value}, {@code -n value} or, for the boolean ones, {@code --name} and {@code
 * --name=false}. Long and short names are given as the same key by the caller's aliases.
 */
final class CommandLine {
    private final List<String> words;
    private final Map<String, String> flags;

    private CommandLine(List<String> words, Map<String, String> flags) {
        this.words = words;
        this.flags = flags;
    }

    /** Reads {@code args}; {@code booleans} are the flags that take no value, {@code aliases} maps short names to long ones. */
    static CommandLine parse(List<String> args, Set<String> booleans, Map<String, String> aliases) {
        List<String> words = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                words.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            String body = arg.replaceFirst("^--?", "");
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            name = aliases.getOrDefault(name, name);
            if (eq >= 0) {
                flags.put(name, body.substring(eq + 1));
            } else if (booleans.contains(name)) {
                flags.put(name, "true");
            } else if (i + 1 < args.size()) {
                flags.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("flag needs an argument: " + arg);
            }
        }
        return new CommandLine(List.copyOf(words), flags);
    }

    List<String> words() {
        return words;
    }

    String word(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    boolean isSet(String flag) {
        return flags.containsKey(flag);
    }

    Optional<String> value(String flag) {
        return Optional.ofNullable(flags.get(flag));
    }

    String value(String flag, String fallback) {
        return flags.getOrDefault(flag, fallback);
    }

    boolean bool(String flag) {
        String value = flags.get(flag);
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
