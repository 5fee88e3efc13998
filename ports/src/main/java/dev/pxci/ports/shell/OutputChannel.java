package dev.pxci.ports.shell;

/** Which stream a line of command output came from. */
public enum OutputChannel {
    STDOUT,
    STDERR
}
