package dev.pxci.adapter.cinc.internal;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Client versions compared as numbers, part by part, never as strings (18.10 is newer than 18.9). */
public final class Versions {
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)+)");

    private Versions() {
    }

    /** The first dotted version in the output of {@code cinc-client --version} ({@code Cinc Client: 18.6.2}). */
    public static Optional<String> fromVersionOutput(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Whether {@code installed} is the {@code wanted} version: every part of {@code wanted} equals
     * the installed part at its place, so {@code 18.6} accepts {@code 18.6.2} but not {@code 18.10.0}.
     */
    public static boolean satisfies(String installed, String wanted) {
        String[] have = installed.split("\\.");
        String[] want = wanted.split("\\.");
        if (want.length > have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!number(have[i]).equals(number(want[i]))) {
                return false;
            }
        }
        return true;
    }

    private static BigInteger number(String part) {
        return new BigInteger(part);
    }
}
