package dev.pxci.domain.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Finds the nearest known word to a misspelt one (edit distance), for "did you mean" hints. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate within a distance of about a third of the word's length, if any. */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        String w = word.toUpperCase(Locale.ROOT);
        int limit = Math.max(2, w.length() / 3 + 1);
        return candidates.stream()
                .min(Comparator.comparingInt((String c) -> distance(w, c.toUpperCase(Locale.ROOT))).thenComparing(c -> c))
                .filter(c -> distance(w, c.toUpperCase(Locale.ROOT)) <= limit);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
