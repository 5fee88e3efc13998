package dev.pxci.adapter.cinc.internal;

/**
 * What a {@code cinc-client} exit code means (Chef's {@code exit_code.rb}, RFC 062, and the
 * licence codes of the licence-acceptance gem and Chef 19).
 */
public enum ExitStatus {
    /** 0: converged (or, in why-run, simulated). */
    SUCCESS,
    /** 35 reboot scheduled, 37 reboot needed: converged, but the machine must reboot. */
    REBOOT,
    /** 172: the licence was not accepted. */
    LICENCE_NOT_ACCEPTED,
    /** 173: the licence key is not entitled to run this product. */
    LICENCE_NOT_ENTITLED,
    /** 174: no licence key was given. */
    LICENCE_NOT_SET,
    /** 43: invalid configuration; repeating will not help. */
    CONFIGURATION,
    /** 213: the run upgraded the client itself; run again. */
    CLIENT_UPGRADED,
    /** 2 and 3: stopped by SIGINT or SIGTERM. */
    INTERRUPTED,
    /** Everything else, including 1 and 41 (reboot failed). */
    FAILURE;

    public static ExitStatus of(int code) {
        return switch (code) {
            case 0 -> SUCCESS;
            case 35, 37 -> REBOOT;
            case 172 -> LICENCE_NOT_ACCEPTED;
            case 173 -> LICENCE_NOT_ENTITLED;
            case 174 -> LICENCE_NOT_SET;
            case 43 -> CONFIGURATION;
            case 213 -> CLIENT_UPGRADED;
            case 2, 3 -> INTERRUPTED;
            default -> FAILURE;
        };
    }

    /** Whether the run converged, so that a report is expected. */
    public boolean converged() {
        return this == SUCCESS || this == REBOOT;
    }
}
