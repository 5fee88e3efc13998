package dev.pxci.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or {@code dev} when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return new String[] {"pxci " + (v == null ? "dev" : v), "Java " + Runtime.version()};
    }
}
