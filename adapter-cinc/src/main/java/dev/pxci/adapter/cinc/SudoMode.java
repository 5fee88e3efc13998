package dev.pxci.adapter.cinc;

import java.util.Locale;
import java.util.Optional;

/** Whether commands that need root are prefixed with {@code sudo -n}. */
public enum SudoMode {
    /** Only when the login user is not root ({@code id -u} is not 0). */
    AUTO,
    /** Always. */
    ALWAYS,
    /** Never: the login user must be allowed to do everything itself. */
    NEVER;

    /** The value as written in configuration ({@code auto}, {@code true}, {@code false}). */
    public static Optional<SudoMode> fromConfigValue(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.of(AUTO);
            case "true", "yes", "always" -> Optional.of(ALWAYS);
            case "false", "no", "never" -> Optional.of(NEVER);
            default -> Optional.empty();
        };
    }
}
