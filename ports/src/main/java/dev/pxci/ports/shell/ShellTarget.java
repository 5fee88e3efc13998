package dev.pxci.ports.shell;

import java.util.Objects;

/** Where a shell session goes: host, port and login user. */
public record ShellTarget(String host, int port, String user) {
    public ShellTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
