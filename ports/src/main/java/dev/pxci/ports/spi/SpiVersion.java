package dev.pxci.ports.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of this SPI, {@code major.minor}. A minor release only adds (a default method, a
 * record factory): a host runs factories built for its own major version and the same or an
 * older minor one. A new major version may change or remove anything, so factories built for
 * another major version are refused, as are those built for a newer minor version than the host's.
 *
 * @param major incremented when a change breaks factories built before it
 * @param minor incremented when the SPI only grows
 */
public record SpiVersion(int major, int minor) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})(?:\\.(\\d{1,4}))?");

    /** The version of the SPI this host implements: {@value AdapterFactory#SPI_VERSION}. */
    public static final SpiVersion CURRENT = parse(AdapterFactory.SPI_VERSION);

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("an SPI version is not negative: " + major + "." + minor);
        }
    }

    /**
     * Reads {@code major.minor}; a bare {@code major} means {@code major.0}.
     *
     * @throws IllegalArgumentException naming what was given and what is accepted
     */
    public static SpiVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an SPI version; accepted: major.minor such as "
                    + AdapterFactory.SPI_VERSION);
        }
        return new SpiVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    /** Whether a host of this version can run a factory built for {@code builtFor}. */
    public boolean runs(SpiVersion builtFor) {
        return builtFor.major == major && builtFor.minor <= minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
