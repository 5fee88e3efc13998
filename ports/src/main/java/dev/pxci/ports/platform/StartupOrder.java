package dev.pxci.ports.platform;

import java.util.OptionalInt;

/**
 * Start order among containers on boot, with optional delays in seconds after starting ({@code up})
 * and before stopping ({@code down}).
 */
public record StartupOrder(int order, OptionalInt up, OptionalInt down) {
    public StartupOrder {
        if (order < 0) {
            throw new IllegalArgumentException("start order must not be negative, was " + order);
        }
        java.util.Objects.requireNonNull(up, "up");
        java.util.Objects.requireNonNull(down, "down");
    }
}
